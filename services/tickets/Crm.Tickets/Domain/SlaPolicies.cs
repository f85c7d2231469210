namespace Crm.Tickets.Domain;

/// <summary>The first-response and resolution targets, in minutes, for one priority and customer grade.</summary>
public sealed record SlaPolicy(TicketPriority Priority, CustomerGrade Grade, int ResponseMinutes, int ResolutionMinutes);

/// <summary>
/// A branch's service-level policy: a target pair for every priority and customer grade. A ticket's
/// targets are fixed when it opens, so a later change of policy or grade does not move them.
/// </summary>
public sealed record SlaPolicies(string Id, IReadOnlyList<SlaPolicy> Policies)
{
    public const string DocumentId = "sla-policies";

    // The group's starting point: urgent 30/240, high 60/480, normal 240/1440, low 480/2880 minutes;
    // VIP customers get differentiated service (DOMAIN.md): half of each.
    private static readonly (TicketPriority Priority, int Response, int Resolution)[] Base =
    [
        (TicketPriority.Urgent, 30, 240), (TicketPriority.High, 60, 480), (TicketPriority.Normal, 240, 1440), (TicketPriority.Low, 480, 2880),
    ];

    public static readonly SlaPolicies Default = new(DocumentId,
        [.. from b in Base
            from grade in Enum.GetValues<CustomerGrade>()
            select grade == CustomerGrade.Vip
                ? new SlaPolicy(b.Priority, grade, b.Response / 2, b.Resolution / 2)
                : new SlaPolicy(b.Priority, grade, b.Response, b.Resolution)]);

    public SlaPolicy For(TicketPriority priority, CustomerGrade grade) =>
        Policies.FirstOrDefault(p => p.Priority == priority && p.Grade == grade) ?? Default.For(priority, grade);
}
