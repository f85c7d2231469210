using Crm.Sales.Customers;
using Crm.Sales.Domain;
using Crm.Sales.Staff;
using Crm.Sales.Features.Opportunities;
using Crm.Sales.Features.Settings;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Leads;

/// <summary>
/// A qualified lead becomes business: an existing customer or a new one (whose id sales chooses,
/// so the customers service registers it from <c>sales.lead-converted</c>), and optionally an
/// opportunity opened in the same step and the same transaction.
/// </summary>
public static class ConvertLeadEndpoint
{
    public sealed record NewCustomerInput(string? Name, string? Category, Guid? OwnerId, string? Phone, string? Email);

    public sealed record Request(Guid? CustomerId, NewCustomerInput? NewCustomer, OpportunityInput? Opportunity);

    public static void MapConvertLead(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/leads/{id:guid}/convert", Handle).WithName("ConvertLead");

    private static async Task<IResult> Handle(
        Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, KnownCustomers customers, KnownStaff staff,
        GroupCurrency currency, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var lead = await RecordLookup.FindVisibleAsync<Lead>(store, access, id, ct);
        if (lead is null) return AccessProblems.NotFound("lead");
        if (!access.MayWork) return SalesAccess.MayNotWork(access.Caller);

        var errors = new ValidationErrors();
        if (request.CustomerId is null == request.NewCustomer is null)
            errors.Add("customerId", "Give either 'customerId' (an existing customer) or 'newCustomer', not both.");
        if (request.NewCustomer is { } fresh)
        {
            errors.RequireText("newCustomer.name", fresh.Name, 200).RequireText("newCustomer.category", fresh.Category, 100);
            ContactFields.Validate(errors, null, fresh.Phone, fresh.Email, "newCustomer.");
        }
        var opportunity = request.Opportunity?.Validate(errors, currency, await SalesSettings.StagesAsync(store, ct), "opportunity.");
        await ProductCatalogue.CheckAsync(store, request.Opportunity?.Products, errors, "opportunity.products", ct);
        if (errors.Any) return errors.ToProblem();

        // The lead's owner keeps what it becomes unless a head or executive names someone else.
        Guid? OwnerOf(Guid? requested) => access.MayDistribute && requested is not null ? requested : lead.OwnerId;
        foreach (var (field, requested) in new[] { ("newCustomer.ownerId", request.NewCustomer?.OwnerId), ("opportunity.ownerId", request.Opportunity?.OwnerId) })
            if (access.MayDistribute && requested is { } named && await staff.ProblemAsync(field, named, lead.Branch, access, ct) is { } notStaff) return notStaff;
        Guid customerId;
        ConvertedCustomer? newCustomer = null;
        if (request.CustomerId is { } existing)
        {
            var lookup = await customers.ResolveAsync("customerId", existing, access.Caller, lead.Branch, ct);
            if (lookup.Problem is not null) return lookup.Problem;
            customerId = existing;
        }
        else
        {
            var f = request.NewCustomer!;
            customerId = Guid.CreateVersion7();
            newCustomer = new ConvertedCustomer(f.Name!.Trim(), f.Category!.Trim(), OwnerOf(f.OwnerId), f.Phone?.Trim(), f.Email?.Trim());
        }

        var now = time.GetUtcNow();
        var opened = opportunity is null ? null : OpportunityDecider.Open(new OpenOpportunity(Guid.CreateVersion7(), lead.Branch, customerId, lead.Id,
            opportunity.Name, opportunity.Amount, opportunity.ExpectedCloseDate, opportunity.Products, OwnerOf(request.Opportunity!.OwnerId), opportunity.Stage, now));
        var convert = new ConvertLead(customerId, newCustomer, opened?.OpportunityId, access.Caller.StaffId ?? Guid.Empty, now);

        return await RecordCommand.DecideAsync(http, sessions, lead, l => LeadDecider.Convert(l, convert), LeadProjection.Fold, l => LeadResponse.From(l), ct,
            alongside: (session, _) =>
            {
                // Known here at once, before the customers service has even heard of it.
                if (newCustomer is not null) session.Store(new CustomerReplica(customerId, lead.Branch, newCustomer.Name, newCustomer.OwnerId));
                if (opened is not null) session.Events.StartStream<Opportunity>(opened.OpportunityId, opened);
            });
    }
}
