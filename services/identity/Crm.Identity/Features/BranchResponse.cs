using Crm.Identity.Domain;

namespace Crm.Identity.Features;

public sealed record BranchResponse(string Code, string Name, string TimeZone, DateTimeOffset OpenedAt, long Version)
{
    public static BranchResponse From(Branch b) => new(b.Code, b.Name, b.TimeZone, b.OpenedAt, b.Version);
}
