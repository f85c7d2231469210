using Crm.Reporting.Reports;

namespace Crm.Reporting.Staff;

/// <summary>Reporting's replica of a staff account: role, branch, whether they still work here and when they last signed in.</summary>
public sealed record ReportStaff(Guid Id) : IRecordedRow
{
    public bool Joined { get; init; }
    public string Username { get; init; } = "";
    public string Name { get; init; } = "";
    public DateTimeOffset JoinedAt { get; init; }
    public string Role { get; init; } = "";
    public string? Branch { get; init; }
    public long RoleAt { get; init; }
    public bool Left { get; init; }
    public DateTimeOffset? LastSignInAt { get; init; }
    /// <summary>The later of joining and the last sign-in: a newcomer gets the same grace as one who just signed in.</summary>
    public DateTimeOffset? LastSeenAt { get; init; }

    public long SourcePosition { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset AppliedAt { get; init; }
}

/// <summary>A branch's code and the IANA time zone that decides its days and weeks.</summary>
public sealed record ReportBranch(Guid Id) : IRecordedRow
{
    /// <summary>DOMAIN.md: a branch's time zone defaults to Asia/Shanghai.</summary>
    public const string DefaultTimeZone = BranchCalendar.DefaultTimeZone;

    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public string TimeZone { get; init; } = DefaultTimeZone;

    public long SourcePosition { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset AppliedAt { get; init; }

    /// <summary>Branches are known by code; reporting files a branch's events under a stable id derived from it.</summary>
    public static Guid IdOf(string code)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"crm-branch:{code}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
