using Crm.ServiceDefaults.Security;

namespace Crm.Identity.Domain;

public sealed class StaffRefusedException(string reason) : Exception(reason);

// Decider for one staff member's stream: pure, no I/O, time and ids arrive with the command.
public sealed record Staff(Guid Id, string Username, string Name, string Role, string? Branch, string PasswordHash)
{
    public StaffStatus Status { get; init; } = StaffStatus.Active;

    public static IReadOnlyList<object> Decide(Staff? state, StaffCommand command)
    {
        if (command is JoinStaff join) return [Join(state, join)];
        if (state is null) throw new StaffRefusedException("There is no such staff member.");
        // Nothing may be lost when staff leave: a departed account's history is final.
        if (state.Status == StaffStatus.Left) throw new StaffRefusedException($"{state.Username} has left; the account can no longer change.");

        return command switch
        {
            ChangeStaffRole change => [ChangeRole(state, change)],
            FreezeStaff when state.Status == StaffStatus.Frozen => throw new StaffRefusedException($"{state.Username} is already frozen."),
            FreezeStaff freeze => [new StaffFrozen(state.Id, state.Branch, freeze.Reason, freeze.FrozenAt)],
            UnfreezeStaff when state.Status != StaffStatus.Frozen => throw new StaffRefusedException($"{state.Username} is not frozen."),
            UnfreezeStaff unfreeze => [new StaffUnfrozen(state.Id, state.Branch, unfreeze.UnfrozenAt)],
            ChangeStaffPassword change =>
                [new StaffPasswordChanged(state.Id, state.Branch, change.PasswordHash, change.ResetByAdministrator, change.ChangedAt)],
            LeaveStaff leave when leave.ReassignTo == state.Id => throw new StaffRefusedException("A leaver's work cannot be reassigned to the leaver."),
            LeaveStaff leave => [new StaffLeft(state.Id, state.Branch, leave.ReassignTo, leave.LeftAt)],
            RecordSignIn when state.Status == StaffStatus.Frozen => throw new StaffRefusedException($"{state.Username} is frozen and cannot sign in."),
            RecordSignIn signIn => [new StaffSignedIn(state.Id, state.Branch, signIn.SignedInAt)],
            _ => throw new StaffRefusedException($"{command.GetType().Name} is not a staff command."),
        };
    }

    private static StaffJoined Join(Staff? state, JoinStaff command)
    {
        if (state is not null)
            throw new StaffRefusedException($"Staff {command.StaffId} has already joined.");

        var username = NormalizeUsername(command.Username);
        if (username.Length == 0)
            throw new StaffRefusedException("A username is required.");
        if (string.IsNullOrWhiteSpace(command.Name))
            throw new StaffRefusedException("A name is required.");
        var branch = CheckRoleAndBranch(command.Role, command.Branch);
        return new StaffJoined(command.StaffId, username, command.Name.Trim(), command.Role, branch, command.PasswordHash, command.JoinedAt);
    }

    private static StaffRoleChanged ChangeRole(Staff state, ChangeStaffRole command)
    {
        var branch = CheckRoleAndBranch(command.Role, command.Branch);
        if (command.Role == state.Role && branch == state.Branch)
            throw new StaffRefusedException($"{state.Username} already is a {state.Role}{(branch is null ? "" : $" in {branch}")}.");
        return new StaffRoleChanged(state.Id, command.Role, branch, state.Role, state.Branch, command.ChangedAt);
    }

    // Group-level roles work across branches and belong to none; every other role belongs to one.
    private static string? CheckRoleAndBranch(string role, string? requestedBranch)
    {
        if (!Roles.Staff.Contains(role))
            throw new StaffRefusedException($"Unknown role '{role}'.");
        var branch = string.IsNullOrWhiteSpace(requestedBranch) ? null : requestedBranch.Trim();
        if (Roles.IsGroupLevel(role) && branch is not null)
            throw new StaffRefusedException($"A {role} belongs to no branch.");
        if (!Roles.IsGroupLevel(role) && branch is null)
            throw new StaffRefusedException($"A {role} needs a branch.");
        return branch;
    }

    // Marten folds the stream with this (its source generator binds the instance form; the first
    // event is applied to a blank instance). Pure: the new state depends only on this one and the event.
    public Staff Evolve(object @event) => @event switch
    {
        StaffJoined e => new Staff(e.StaffId, e.Username, e.Name, e.Role, e.Branch, e.PasswordHash),
        StaffRoleChanged e => this with { Role = e.Role, Branch = e.Branch },
        StaffFrozen => this with { Status = StaffStatus.Frozen },
        StaffUnfrozen => this with { Status = StaffStatus.Active },
        StaffPasswordChanged e => this with { PasswordHash = e.PasswordHash },
        StaffLeft => this with { Status = StaffStatus.Left },
        _ => this,
    };

    // Usernames are unique regardless of case: sign-in and the unique index both use this form.
    public static string NormalizeUsername(string username) => username.Trim().ToLowerInvariant();
}
