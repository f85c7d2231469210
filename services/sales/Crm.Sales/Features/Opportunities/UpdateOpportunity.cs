using Crm.Sales.Domain;
using Crm.Sales.Features.Settings;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Opportunities;

/// <summary>Edits the deal's fields as it takes shape: name, amount, expected close date, products.</summary>
public static class UpdateOpportunityEndpoint
{
    public sealed record Request(string? Name, MoneyInput? Amount, DateOnly? ExpectedCloseDate, IReadOnlyList<Guid>? Products);

    public static void MapUpdateOpportunity(this IEndpointRouteBuilder app) =>
        app.MapPatch("/api/opportunities/{id:guid}", Handle).WithName("UpdateOpportunity");

    private static async Task<IResult> Handle(
        Guid id, Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, GroupCurrency currency, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        var opportunity = await RecordLookup.FindVisibleAsync<Opportunity>(store, access, id, ct);
        if (opportunity is null) return AccessProblems.NotFound("opportunity");
        if (!access.MayWork) return SalesAccess.MayNotWork(access.Caller);

        var errors = new ValidationErrors();
        if (request is { Name: null, Amount: null, ExpectedCloseDate: null, Products: null })
            errors.Add("body", "Give at least one of 'name', 'amount', 'expectedCloseDate', 'products'.");
        if (request.Name is not null) errors.RequireText("name", request.Name, 200);
        var amount = MoneyInput.Validate(errors, "amount", request.Amount, currency, required: false);
        if (request.Products?.Contains(Guid.Empty) == true || request.Products is { Count: > OpportunityInput.MaxProducts })
            errors.Add("products", $"'products' holds at most {OpportunityInput.MaxProducts} product ids.");
        else await ProductCatalogue.CheckAsync(store, request.Products, errors, "products", ct);
        if (errors.Any) return errors.ToProblem();

        var stages = await SalesSettings.StagesAsync(store, ct);
        var update = new UpdateOpportunity(request.Name, amount, request.ExpectedCloseDate, request.Products?.Distinct().ToList(), time.GetUtcNow());
        return await RecordCommand.DecideAsync(http, sessions, opportunity, o => OpportunityDecider.Update(o, update),
            OpportunityProjection.Fold, o => OpportunityResponse.From(o, stages), ct);
    }
}
