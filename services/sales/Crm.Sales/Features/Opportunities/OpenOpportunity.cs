using Crm.Sales.Customers;
using Crm.Sales.Domain;
using Crm.Sales.Staff;
using Crm.Sales.Features.Settings;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Opportunities;

/// <summary>A rep (or their head) opens a potential deal with a customer of the branch.</summary>
public static class OpenOpportunityEndpoint
{
    public sealed record Request(
        Guid? CustomerId, string? Name, MoneyInput? Amount, DateOnly? ExpectedCloseDate, IReadOnlyList<Guid>? Products, Guid? OwnerId, string? Stage, string? Branch);

    public static void MapOpenOpportunity(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/opportunities", Handle).WithName("OpenOpportunity");

    private static async Task<IResult> Handle(
        Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, KnownCustomers customers, KnownStaff staff, GroupCurrency currency, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        if (!access.MayWork) return SalesAccess.MayNotWork(access.Caller);

        var errors = new ValidationErrors();
        if (request.CustomerId is null || request.CustomerId == Guid.Empty) errors.Add("customerId", "'customerId' is required.");
        var stages = await SalesSettings.StagesAsync(store, ct);
        var input = new OpportunityInput(request.Name, request.Amount, request.ExpectedCloseDate, request.Products, request.OwnerId, request.Stage)
            .Validate(errors, currency, stages);
        await ProductCatalogue.CheckAsync(store, request.Products, errors, "products", ct);
        var (branch, forbidden) = access.BranchForNewRecord(request.Branch, errors);
        if (forbidden is not null) return forbidden;
        if (errors.Any) return errors.ToProblem();
        var lookup = await customers.ResolveAsync("customerId", request.CustomerId!.Value, access.Caller, branch!, ct);
        if (lookup.Problem is not null) return lookup.Problem;

        var owner = access.Caller.Role == Roles.SalesRep ? access.Caller.StaffId : request.OwnerId ?? lookup.Customer!.OwnerId;
        if (access.Caller.Role != Roles.SalesRep && request.OwnerId is { } named
            && await staff.ProblemAsync("ownerId", named, branch!, access, ct) is { } notStaff) return notStaff;
        var opened = OpportunityDecider.Open(new OpenOpportunity(Guid.CreateVersion7(), branch!, request.CustomerId.Value, null,
            input!.Name, input.Amount, input.ExpectedCloseDate, input.Products, owner, input.Stage, time.GetUtcNow()));

        await using var session = sessions.ForBranch(branch!);
        session.Events.StartStream<Opportunity>(opened.OpportunityId, opened);
        await session.SaveChangesAsync(ct);

        var opportunity = OpportunityProjection.Fold(null, opened, 1)!;
        ETags.Write(http, opportunity.Version);
        return Results.Created($"/api/opportunities/{opportunity.Id}", OpportunityResponse.From(opportunity, stages));
    }
}
