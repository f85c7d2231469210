using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.Tickets.Domain;

namespace Crm.Tickets.Features;

/// <summary>
/// API.md business times: a ticket is opened, answered and resolved at the server's clock, unless an
/// import client (crm.import) migrating history says when. Given times are never in the future and
/// never before what the ticket already recorded, so its SLA clocks count forwards.
/// </summary>
internal static class BusinessTimes
{
    /// <summary>Checks a time the caller gave for <paramref name="field"/>, adding 400 messages; the time to use (the given one, or now).</summary>
    public static DateTimeOffset Read(ValidationErrors errors, TicketAccess access, string field, DateTimeOffset? given, DateTimeOffset now)
    {
        if (given is not { } time) return now;
        if (!access.IsImporter)
            errors.Add(field, $"Only an import client ({ImportClients.Scope}) may give '{field}'; it is the server's clock otherwise.");
        else if (time > now) errors.Add(field, $"'{field}' cannot be in the future.");
        return time;
    }

    /// <summary>A given time must not come before <paramref name="earliest"/>, what it follows.</summary>
    public static void NotBefore(ValidationErrors errors, string field, DateTimeOffset? given, DateTimeOffset earliest, string what)
    {
        if (given < earliest) errors.Add(field, $"'{field}' cannot be before {what} ({earliest:O}).");
    }

    /// <summary>The latest time the ticket has recorded: a new business time cannot come before it.</summary>
    public static DateTimeOffset Latest(Ticket t) => new[]
        {
            t.OpenedAt, t.RespondedAt, t.ResolvedAt, t.WaitingSince, t.ClosedAt, t.ResponseSla.RunningSince, t.ResolutionSla.RunningSince,
            t.Satisfaction?.RatedAt, t.Messages.Count > 0 ? t.Messages.Max(m => m.At) : null,
        }
        .OfType<DateTimeOffset>().Max();
}
