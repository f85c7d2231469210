using Crm.Sales.Customers;
using Crm.Sales.Domain;
using Crm.Sales.Staff;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;

namespace Crm.Sales.Features.Orders;

/// <summary>
/// A rep (or their head) records a signed contract with a customer of the branch: lines of catalogue
/// products with quantity and price, payment due 30 days later unless the contract says otherwise.
/// It is signed now, by the server's clock; only an import client may say when (API.md business times).
/// </summary>
public static class SignOrderEndpoint
{
    public sealed record LineRequest(Guid? ProductId, decimal? Quantity, decimal? UnitPrice);

    public sealed record Request(
        Guid? CustomerId, Guid? OpportunityId, IReadOnlyList<LineRequest?>? Lines, DateTimeOffset? SignedAt, DateTimeOffset? PaymentDueAt, Guid? OwnerId, string? Branch);

    public const int MaxLines = 200;

    public static void MapSignOrder(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/orders", Handle).WithName("SignOrder");

    private static async Task<IResult> Handle(
        Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, KnownCustomers customers, KnownStaff staff, GroupCurrency currency, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (access.RefuseRole() is { } refused) return refused;
        if (!access.MayWork) return SalesAccess.MayNotWork(access.Caller);

        var now = time.GetUtcNow();
        var errors = new ValidationErrors();
        var signedAt = CheckSigning(request.CustomerId, request.SignedAt, request.PaymentDueAt, access, now, errors);
        var lines = CheckLines(request.Lines, await ProductsAsync(store, ProductIds(request.Lines), ct), errors);
        var (branch, forbidden) = access.BranchForNewRecord(request.Branch, errors);
        if (forbidden is not null) return forbidden;
        if (errors.Any) return errors.ToProblem();

        var lookup = await customers.ResolveAsync("customerId", request.CustomerId!.Value, access.Caller, branch!, ct);
        if (lookup.Problem is not null) return lookup.Problem;
        if (request.OpportunityId is { } opportunityId && await OpportunityProblemAsync(store, access, branch!, request.CustomerId.Value, opportunityId, ct) is { } bad)
            return bad;

        if (Owner(access, request.OwnerId, lookup.Customer!) is not { } ownerId) return new ValidationErrors().Add("ownerId", NoOwner).ToProblem();
        if (access.Caller.Role != Roles.SalesRep && request.OwnerId is { } named
            && await staff.ProblemAsync("ownerId", named, branch!, access, ct) is { } notStaff) return notStaff;

        var decision = OrderDecider.Sign(new SignOrder(Guid.CreateVersion7(), branch!, request.CustomerId.Value, request.OpportunityId, ownerId,
            lines!, currency.Code, signedAt, request.PaymentDueAt));
        if (decision.Refusal is { } reason) return RecordCommand.Refused(reason);
        var signed = (OrderSigned)decision.Events[0];

        await using var session = sessions.ForBranch(branch!);
        session.Events.StartStream<Order>(signed.OrderId, signed);
        await session.SaveChangesAsync(ct);

        var order = OrderProjection.Fold(null, signed, 1)!;
        ETags.Write(http, order.Version);
        return Results.Created($"/api/orders/{order.Id}", OrderResponse.From(order, now));
    }

    /// <summary>
    /// The checks on a signing's own fields that need no lookup: a customer named; a signing time only
    /// from an import client, never in the future; payment not due before signing. Answers when it is signed.
    /// </summary>
    public static DateTimeOffset CheckSigning(Guid? customerId, DateTimeOffset? signedAt, DateTimeOffset? paymentDueAt, SalesAccess access, DateTimeOffset now, ValidationErrors errors)
    {
        if (customerId is null || customerId == Guid.Empty) errors.Add("customerId", "'customerId' is required.");
        if (signedAt is not null && !access.IsImporter)
            errors.Add("signedAt", "Only an import client (crm.import) may give the signing time; it is the server's clock otherwise.");
        if (signedAt > now) errors.Add("signedAt", "'signedAt' cannot be in the future.");
        var signed = signedAt ?? now;
        if (paymentDueAt < signed) errors.Add("paymentDueAt", "'paymentDueAt' cannot be before the order is signed.");
        return signed;
    }

    /// <summary>The products the lines name, to be looked up (none when the lines are refused whatever they name).</summary>
    public static IEnumerable<Guid> ProductIds(IReadOnlyList<LineRequest?>? lines) =>
        lines is { Count: > 0 and <= MaxLines } ? lines.Select(l => l?.ProductId).OfType<Guid>() : [];

    /// <summary>The catalogue's products of <paramref name="ids"/>, in one query.</summary>
    public static async Task<IReadOnlyDictionary<Guid, Product>> ProductsAsync(IDocumentStore store, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0) return new Dictionary<Guid, Product>();
        await using var session = store.QuerySession();
        return (await session.LoadManyAsync<Product>(ct, wanted)).ToDictionary(p => p.Id);
    }

    /// <summary>The lines as ordered products, with each bad field added to <paramref name="errors"/>; <paramref name="products"/> holds the catalogue's products they name.</summary>
    public static IReadOnlyList<OrderedProduct>? CheckLines(IReadOnlyList<LineRequest?>? lines, IReadOnlyDictionary<Guid, Product> products, ValidationErrors errors)
    {
        if (lines is not { Count: > 0 }) { errors.Add("lines", "An order has at least one line: { productId, quantity, unitPrice }."); return null; }
        if (lines.Count > MaxLines) { errors.Add("lines", $"An order has at most {MaxLines} lines."); return null; }

        var ordered = new List<OrderedProduct>();
        for (var i = 0; i < lines.Count; i++)
        {
            var field = $"lines[{i}]";
            if (lines[i] is not { } line) { errors.Add(field, $"'{field}' is {{ productId, quantity, unitPrice }}."); continue; }
            Product? product = null;
            if (line.ProductId is not { } productId) errors.Add($"{field}.productId", $"'{field}.productId' is required.");
            else if (!products.TryGetValue(productId, out product)) errors.Add($"{field}.productId", $"There is no product {productId} in the catalogue.");
            if (line.Quantity is not { } quantity || quantity <= 0) errors.Add($"{field}.quantity", $"'{field}.quantity' is more than 0.");
            else if (decimal.Round(quantity, 3) != quantity) errors.Add($"{field}.quantity", $"'{field}.quantity' has at most 3 decimals.");
            if (line.UnitPrice is not { } price || price < 0) errors.Add($"{field}.unitPrice", $"'{field}.unitPrice' is at least 0.");
            else if (decimal.Round(price, 2) != price) errors.Add($"{field}.unitPrice", $"'{field}.unitPrice' has at most 2 decimals.");
            if (product is not null && line.Quantity > 0 && line.UnitPrice >= 0) ordered.Add(new OrderedProduct(product, line.Quantity!.Value, line.UnitPrice!.Value));
        }
        return ordered;
    }

    public const string NoOwner = "The customer has no owner: name the order's 'ownerId'.";

    /// <summary>Whose the order is: a rep's own; else the one named, the customer's owner, or the caller (null when none of them is anyone).</summary>
    public static Guid? Owner(SalesAccess access, Guid? requested, CustomerReplica customer) =>
        access.Caller.Role == Roles.SalesRep ? access.Caller.StaffId : requested ?? customer.OwnerId ?? access.Caller.StaffId;

    /// <summary>The opportunity an order comes from must be one the caller sees, in the order's branch, with the same customer.</summary>
    private static async Task<IResult?> OpportunityProblemAsync(IDocumentStore store, SalesAccess access, string branch, Guid customerId, Guid opportunityId, CancellationToken ct)
    {
        await using var session = store.QuerySession(branch);
        var opportunity = await session.LoadAsync<Opportunity>(opportunityId, ct);
        if (opportunity is not null && access.MaySee(opportunity) && opportunity.CustomerId == customerId) return null;
        return new ValidationErrors().Add("opportunityId", $"There is no opportunity {opportunityId} of this customer in branch '{branch}' that you can see.").ToProblem();
    }
}
