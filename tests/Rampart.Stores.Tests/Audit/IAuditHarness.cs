using Rampart.AspNetCore.AdminLog;
using Rampart.AspNetCore.Audit;

namespace Rampart.Stores.Tests.Audit;

/// <summary>How a contract test opens one audit database and goes around its guards, as someone with direct access to it could.</summary>
public interface IAuditHarness : IAsyncDisposable
{
    IAuditStore AuditStore { get; }

    /// <summary>A new handle on the database's admin log, as one instance of the app would have.</summary>
    IAdminAuditLog OpenAdminLog(TimeProvider time);

    /// <summary>Runs <paramref name="statement"/> on the database with the append-only guards in place.</summary>
    Task ExecuteAsync(string statement);

    /// <summary>Changes the admin log directly, with its append-only guards removed.</summary>
    Task TamperAsync(AdminLogEdit edit);

    /// <summary>The statements the store's guards must refuse.</summary>
    IReadOnlyList<string> ForbiddenAdminLogStatements { get; }
}

/// <summary>The ways the contract tampers with an admin log of six entries.</summary>
public enum AdminLogEdit
{
    ChangeDetailsOf3,
    ChangeKeyIdOf5,
    MoveTimestampOf1,
    Delete4,
    Delete2AndRenumber,
    Swap3And4,
    CutFrom5,
}
