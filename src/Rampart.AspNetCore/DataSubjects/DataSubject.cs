namespace Rampart.AspNetCore.DataSubjects;

/// <summary>Whom a data-subject request is about: a person, by the owner id keys are issued to, or an organisation.</summary>
/// <param name="Kind">Owner or organisation.</param>
/// <param name="Id">The owner id or the organisation id, as the app gave it when issuing keys.</param>
public sealed record DataSubject(DataSubjectKind Kind, string Id)
{
    /// <summary>The person keys were issued to with this owner id.</summary>
    public static DataSubject Owner(string id) => new(DataSubjectKind.Owner, id);

    /// <summary>The organisation (tenant) with this id.</summary>
    public static DataSubject Organization(string id) => new(DataSubjectKind.Organization, id);

    /// <summary><c>owner</c> or <c>organization</c>.</summary>
    public string KindText => Kind == DataSubjectKind.Owner ? "owner" : "organization";
}

/// <summary>What a <see cref="DataSubject"/> identifies.</summary>
public enum DataSubjectKind
{
    /// <summary>A key owner (a person or a service account).</summary>
    Owner,

    /// <summary>An organisation.</summary>
    Organization,
}
