using Crm.ServiceDefaults.Security;

namespace Crm.Identity.Domain;

public sealed record JoinStaff(
    Guid StaffId,
    string Username,
    string Name,
    string Role,
    string? Branch,
    string PasswordHash,
    DateTimeOffset JoinedAt);

public sealed class StaffRefusedException(string reason) : Exception(reason);

// Decider for one staff member's stream: pure, no I/O, time and ids arrive with the command.
// Later use cases (role change, freeze, leave) add commands to Decide and events to Evolve.
public sealed record Staff(Guid Id, string Username, string Name, string Role, string? Branch, string PasswordHash)
{
    public static IReadOnlyList<object> Decide(Staff? state, JoinStaff command)
    {
        if (state is not null)
            throw new StaffRefusedException($"Staff {command.StaffId} has already joined.");

        var username = NormalizeUsername(command.Username);
        if (username.Length == 0)
            throw new StaffRefusedException("A username is required.");
        if (string.IsNullOrWhiteSpace(command.Name))
            throw new StaffRefusedException("A name is required.");
        if (!Roles.Staff.Contains(command.Role))
            throw new StaffRefusedException($"Unknown role '{command.Role}'.");

        var branch = string.IsNullOrWhiteSpace(command.Branch) ? null : command.Branch.Trim();
        if (Roles.IsGroupLevel(command.Role) && branch is not null)
            throw new StaffRefusedException($"A {command.Role} belongs to no branch.");
        if (!Roles.IsGroupLevel(command.Role) && branch is null)
            throw new StaffRefusedException($"A {command.Role} needs a branch.");

        return
        [
            new StaffJoined(command.StaffId, username, command.Name.Trim(), command.Role, branch,
                command.PasswordHash, command.JoinedAt),
        ];
    }

    // Marten folds the stream with this (its source generator binds the instance form; the first
    // event is applied to a blank instance). Pure: the new state depends only on this one and the event.
    public Staff Evolve(object @event) => @event switch
    {
        StaffJoined e => new Staff(e.StaffId, e.Username, e.Name, e.Role, e.Branch, e.PasswordHash),
        _ => this,
    };

    // Usernames are unique regardless of case: sign-in and the unique index both use this form.
    public static string NormalizeUsername(string username) => username.Trim().ToLowerInvariant();
}
