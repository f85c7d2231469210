using Crm.ServiceDefaults.Security;
using Crm.Tickets.Domain;

namespace Crm.Tickets.Features;

/// <summary>
/// The role matrix of DOMAIN.md for tickets: service agents, branch heads and branch admins work
/// their branch's tickets; group executives every branch's; sales reps open tickets for their own
/// customers and read those; integrations read everything, and work tickets only when granted
/// <c>crm.import</c> (migrating history from an older CRM); system administrators have no business here.
/// </summary>
public sealed record TicketAccess(Caller Caller, bool CanImport = false)
{
    public static TicketAccess Of(HttpContext http) => new(Caller.From(http.User), ImportClients.IsImporter(http.User));

    /// <summary>Only import clients may give past business times (openedAt, respondedAt, resolvedAt), owners and assignees.</summary>
    public bool IsImporter => Caller.Role == Roles.Integration && CanImport;

    /// <summary>Roles refused before anything is looked up (403).</summary>
    public IResult? RefuseRole() => Caller.Role switch
    {
        Roles.GroupExecutive or Roles.BranchHead or Roles.BranchAdmin or Roles.ServiceAgent or Roles.SalesRep or Roles.Integration => null,
        Roles.SystemAdmin => AccessProblems.Forbidden("System administrators manage configuration, not business records."),
        _ => AccessProblems.Forbidden($"A {Caller.Role} has no access to tickets."),
    };

    public bool MaySee(Ticket ticket) => Caller.Role switch
    {
        Roles.GroupExecutive or Roles.Integration => true,
        Roles.BranchHead or Roles.BranchAdmin or Roles.ServiceAgent => Caller.Branch == ticket.Branch,
        Roles.SalesRep => Caller.Branch == ticket.Branch && ticket.CustomerOwnerId == Caller.StaffId,
        _ => false,
    };

    /// <summary>Answering, resolving, assigning and the rest of a ticket's work.</summary>
    public bool MayWork => Caller.Role is Roles.GroupExecutive or Roles.BranchHead or Roles.BranchAdmin or Roles.ServiceAgent || IsImporter;

    /// <summary>Reps open tickets too, for their own customers (checked against the customer).</summary>
    public bool MayOpen => MayWork || Caller.Role == Roles.SalesRep;

    public IResult MayNotWork() => AccessProblems.Forbidden(Caller.Role switch
    {
        Roles.SalesRep => "Sales reps open tickets for their customers and read them; service staff work them.",
        Roles.Integration => $"An integration client reads tickets; working them takes the {ImportClients.Scope} scope.",
        _ => $"A {Caller.Role} may read tickets but not work them.",
    });
}
