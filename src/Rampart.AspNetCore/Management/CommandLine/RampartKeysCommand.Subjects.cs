using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rampart.AspNetCore.DataSubjects;

namespace Rampart.AspNetCore.Management.CommandLine;

/// <summary>
/// <c>keys subject export|erase --owner X | --organization Y</c>: data-subject requests from the
/// command line, which acts with the operator's authority over the app's own stores. The export is
/// JSON on standard output; erasure needs <c>--confirm</c>.
/// </summary>
internal sealed partial class RampartKeysCommand
{
    private Command SubjectCommand(Option<bool> json)
    {
        var command = new Command("subject", "Export or erase what Rampart holds about a key owner or an organisation.");
        command.Add(SubjectExportCommand());
        command.Add(SubjectEraseCommand(json));
        return command;
    }

    private Command SubjectExportCommand()
    {
        var (owner, organization) = SubjectOptions();
        var command = new Command("export", "Write the subject's keys (masked), audit records, usage and admin-log entries as JSON.") { owner, organization };
        command.SetAction((result, cancellationToken) => RunAsync(result, async (services, now, output) =>
        {
            var export = await services.GetRequiredService<IDataSubjectManager>().ExportAsync(Subject(result, owner, organization), Actor, cancellationToken);
            await output.WriteLineAsync(JsonSerializer.Serialize(export, ApiKeyEndpointBodies.Json));
        }));
        return command;
    }

    private Command SubjectEraseCommand(Option<bool> json)
    {
        var (owner, organization) = SubjectOptions();
        var confirm = new Option<bool>("--confirm") { Description = "Required: erasure revokes the subject's keys and cannot be undone." };
        var command = new Command("erase", "Revoke the subject's keys and replace their personal fields, and those of their audit records, by pseudonyms.") { owner, organization, confirm };
        command.SetAction((result, cancellationToken) => RunAsync(result, async (services, now, output) =>
        {
            var subject = Subject(result, owner, organization);
            if (!result.GetValue(confirm))
            {
                throw Invalid("Erasure revokes the subject's keys and cannot be undone: add --confirm.");
            }

            var erasure = await services.GetRequiredService<IDataSubjectManager>().EraseAsync(subject, Actor, cancellationToken);
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(erasure, ApiKeyEndpointBodies.Json));
                return;
            }

            await output.WriteLineAsync($"Erased {subject.KindText} as {erasure.Pseudonym}: {erasure.KeysErased} keys revoked and cleared, {erasure.AuditRecordsAnonymized} audit records anonymised.");
        }));
        return command;
    }

    private static (Option<string> Owner, Option<string> Organization) SubjectOptions()
        => (new Option<string>("--owner") { Description = "The owner id keys were issued to." },
            new Option<string>("--organization", "--org") { Description = "The organisation id." });

    private static DataSubject Subject(ParseResult result, Option<string> owner, Option<string> organization)
        => (result.GetValue(owner), result.GetValue(organization)) switch
        {
            ({ } id, null) => DataSubject.Owner(id),
            (null, { } id) => DataSubject.Organization(id),
            _ => throw Invalid("Name exactly one subject: --owner or --organization."),
        };
}
