using Crm.Sales.Customers;
using Crm.Sales.Domain;
using Crm.Sales.Staff;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Replicas;
using Crm.ServiceDefaults.Security;
using Crm.ServiceDefaults.Storage;
using Marten;
using Marten.Exceptions;
using Npgsql;

namespace Crm.Sales.Features.Orders;

/// <summary>
/// An import client (crm.import) migrating history from an older system or ERP brings orders in
/// batches: each order signed at its past time, with the payments received against it and, if it was
/// called off, its cancellation. Every order is checked as signing, recording a payment and cancelling
/// check one, and decided by the same <see cref="OrderDecider"/>; bad orders are reported by index and
/// field and left out, the others are stored together in one transaction, each as its own stream with
/// the events those commands would have stored (so subscribers hear exactly the same). The client
/// chooses each order's id: an order whose id is already stored is reported as already imported and
/// not stored again, so a batch sent twice, or resumed after a cut, imports nothing twice.
/// </summary>
public static class ImportOrdersEndpoint
{
    /// <summary>What fits in one request under the gateway's 1 MiB body limit with a few lines and payments per order.</summary>
    public const int MaxOrders = 1000;
    public const int MaxPayments = 50;

    public sealed record Cancellation(string? Reason, DateTimeOffset? CancelledAt);

    public sealed record OrderRequest(
        Guid? Id, Guid? CustomerId, string? Branch, Guid? OwnerId, DateTimeOffset? SignedAt, DateTimeOffset? PaymentDueAt,
        IReadOnlyList<SignOrderEndpoint.LineRequest?>? Lines, IReadOnlyList<RecordPaymentEndpoint.Request?>? Payments, Cancellation? Cancellation);

    public sealed record Request(IReadOnlyList<OrderRequest?>? Orders);

    /// <summary>An order left out, with its bad fields as a 400 would name them.</summary>
    public sealed record OrderError(int Index, Guid? Id, IReadOnlyDictionary<string, string[]> Errors);

    /// <param name="Ids">The ids of the orders of the batch now stored (imported or already there), in the batch's order.</param>
    public sealed record Report(int Imported, int AlreadyImported, IReadOnlyList<Guid> Ids, IReadOnlyList<OrderError> Errors);

    private sealed record Planned(int Index, Guid Id, string Branch, IReadOnlyList<object> Events);

    public static void MapImportOrders(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/orders/import", Handle).WithName("ImportOrders").Produces<Report>();

    private static async Task<IResult> Handle(
        Request request, HttpContext http, IDocumentStore store, CrmSessions sessions, GroupCurrency currency, TimeProvider time, CancellationToken ct)
    {
        var access = SalesAccess.Of(http);
        if (!access.IsImporter)
            return AccessProblems.Forbidden($"Only an integration client granted {ImportClients.Scope} imports orders; orders are otherwise signed one by one (POST /api/orders).");
        if (request.Orders is not { Count: > 0 } orders)
            return new ValidationErrors().Add("orders", "'orders' lists at least one order.").ToProblem();
        if (orders.Count > MaxOrders)
            return new ValidationErrors().Add("orders", $"At most {MaxOrders} orders per request; send more in further requests.").ToProblem();

        var now = time.GetUtcNow();
        var given = orders.Select(o => o?.Id).OfType<Guid>().Where(id => id != Guid.Empty).Distinct().ToList();
        var stored = await StoredAsync(store, given, ct);

        // One look-up each for the batch's customers, products and named owners.
        CustomerReplica[] customers;
        StaffReplica[] staff;
        await using (var query = store.QuerySession())
        {
            customers = [.. await query.LoadManyAsync<CustomerReplica>(ct, orders.Select(o => o?.CustomerId).OfType<Guid>().Distinct())];
            staff = [.. await query.LoadManyAsync<StaffReplica>(ct, orders.Select(o => o?.OwnerId).OfType<Guid>().Distinct())];
        }
        var customerById = customers.ToDictionary(c => c.Id);
        var staffById = staff.ToDictionary(s => s.Id);
        var products = await SignOrderEndpoint.ProductsAsync(store, orders.SelectMany(o => SignOrderEndpoint.ProductIds(o?.Lines)), ct);

        var outcome = new Guid?[orders.Count];   // the order's id once it is stored
        var already = new bool[orders.Count];
        var planned = new List<Planned>();
        var errors = new List<OrderError>();
        var seen = new HashSet<Guid>();
        for (var i = 0; i < orders.Count; i++)
        {
            var order = orders[i];
            if (order?.Id is { } known && known != Guid.Empty && stored.Contains(known) && seen.Add(known))
            {
                (outcome[i], already[i]) = (known, true);
                continue;
            }
            var problems = new ValidationErrors();
            (Guid Id, string Branch, IReadOnlyList<object> Events)? plan = null;
            if (order is null) problems.Add("order", $"'orders[{i}]' is an order: {{ id, customerId, branch, signedAt, lines, payments }}.");
            else plan = Decide(order, seen, access, now, customerById, staffById, products, currency, problems);
            if (plan is null) errors.Add(new OrderError(i, order?.Id, problems.ByField()));
            else planned.Add(new Planned(i, plan.Value.Id, plan.Value.Branch, plan.Value.Events));
        }

        // All the batch's new orders in one transaction. Another request importing the same ids at the
        // same moment wins the race for them; those are then already imported and the rest is stored.
        // A branch is a tenant, so the same id under two branches would be two streams: the transaction
        // first locks its ids (in order, so two imports never wait on each other in a circle) and then
        // looks again for those stored meanwhile in any branch, under the lock a concurrent import holds
        // until it commits.
        for (var attempt = 1; planned.Count > 0; attempt++)
        {
            try
            {
                await using var session = sessions.Unscoped();
                await session.BeginTransactionAsync(ct);
                var batchIds = planned.Select(p => p.Id).Order().ToArray();
                await session.AdvancedSql.QueryAsync<int>(
                    "select count(*) from (select pg_advisory_xact_lock(hashtextextended('crm-order-import:' || CAST(id as text), 0)) from unnest(CAST(? as uuid[])) id order by id) l",
                    ct, [batchIds]);
                var storedMeanwhile = await session.AdvancedSql.QueryAsync<Guid>(
                    $"select id from {store.Options.Events.DatabaseSchemaName}.mt_streams where id = any(?)", ct, [batchIds]);
                foreach (var p in planned.Where(p => storedMeanwhile.Contains(p.Id))) (outcome[p.Index], already[p.Index]) = (p.Id, true);
                planned.RemoveAll(p => storedMeanwhile.Contains(p.Id));
                foreach (var p in planned) session.ForTenant(p.Branch).Events.StartStream<Order>(p.Id, p.Events);
                await session.SaveChangesAsync(ct);
                foreach (var p in planned) outcome[p.Index] = p.Id;
                break;
            }
            catch (Exception e) when (attempt < 3 && IsStreamCollision(e))
            {
                var taken = await StoredAsync(store, planned.Select(p => p.Id).ToList(), ct);
                foreach (var p in planned.Where(p => taken.Contains(p.Id))) (outcome[p.Index], already[p.Index]) = (p.Id, true);
                planned.RemoveAll(p => taken.Contains(p.Id));
            }
        }

        var alreadyImported = already.Count(a => a);
        var ids = outcome.OfType<Guid>().ToList();
        return Results.Ok(new Report(ids.Count - alreadyImported, alreadyImported, ids, errors));
    }

    /// <summary>
    /// One order checked as <c>POST /api/orders</c>, its payments as <c>POST /api/orders/{id}/payments</c> and
    /// its cancellation as <c>POST /api/orders/{id}/cancel</c> check them, then decided one after the other
    /// on the order as it stands. Null with <paramref name="errors"/> filled when it cannot be imported.
    /// </summary>
    private static (Guid Id, string Branch, IReadOnlyList<object> Events)? Decide(
        OrderRequest order, HashSet<Guid> seen, SalesAccess access, DateTimeOffset now,
        IReadOnlyDictionary<Guid, CustomerReplica> customers, IReadOnlyDictionary<Guid, StaffReplica> staff,
        IReadOnlyDictionary<Guid, Product> products, GroupCurrency currency, ValidationErrors errors)
    {
        if (order.Id is not { } id || id == Guid.Empty)
            errors.Add("id", "'id' is required: the order's id, chosen by the client, so that the order sent again is imported once.");
        else if (!seen.Add(id))
            errors.Add("id", $"Order {id} is in the batch more than once.");

        var signedAt = SignOrderEndpoint.CheckSigning(order.CustomerId, order.SignedAt, order.PaymentDueAt, access, now, errors);
        var lines = SignOrderEndpoint.CheckLines(order.Lines, products, errors);
        var (branch, _) = access.BranchForNewRecord(order.Branch, errors);
        if (order.Payments is { Count: > MaxPayments }) errors.Add("payments", $"An imported order has at most {MaxPayments} payments.");
        else
            for (var j = 0; j < (order.Payments?.Count ?? 0); j++)
            {
                if (order.Payments![j] is { } payment) RecordPaymentEndpoint.Check(payment, access, now, errors, $"payments[{j}].");
                else errors.Add($"payments[{j}]", $"'payments[{j}]' is {{ amount, receivedAt, reference }}.");
            }
        if (order.Cancellation is { } cancel)
        {
            errors.RequireText("cancellation.reason", cancel.Reason, 1000);
            if (cancel.CancelledAt > now) errors.Add("cancellation.cancelledAt", "'cancellation.cancelledAt' cannot be in the future.");
        }

        Guid? ownerId = null;
        if (order.CustomerId is { } customerId && customerId != Guid.Empty && branch is not null && !errors.ByField().ContainsKey("branch"))
        {
            var customer = customers.GetValueOrDefault(customerId);
            if (KnownCustomers.Refusal(customerId, customer, access.Caller, branch) is { } refusal)
                errors.Add("customerId", customer is null ? $"{refusal} Sales has not heard of it (yet): if it was registered a moment ago, send the order again shortly." : refusal);
            else if ((ownerId = SignOrderEndpoint.Owner(access, order.OwnerId, customer!)) is null)
                errors.Add("ownerId", SignOrderEndpoint.NoOwner);
            else if (order.OwnerId is { } named && KnownStaff.Refusal(named, KnownStaff.Seen(staff.GetValueOrDefault(named)), branch, access) is { } notStaff)
                errors.Add("ownerId", notStaff);
        }
        if (errors.Any) return null;

        var decision = OrderDecider.Sign(new SignOrder(order.Id!.Value, branch!, order.CustomerId!.Value, null, ownerId!.Value, lines!, currency.Code, signedAt, order.PaymentDueAt));
        if (decision.Refusal is { } refused) { errors.Add("order", refused); return null; }
        var events = new List<object>(decision.Events);
        var state = OrderProjection.Fold(null, events[0], 1)!;

        for (var j = 0; j < (order.Payments?.Count ?? 0); j++)
        {
            var payment = order.Payments![j]!;
            var received = OrderDecider.ReceivePayment(state, new ReceivePayment(Guid.CreateVersion7(), payment.Amount!.Value, payment.ReceivedAt ?? now, payment.Reference));
            if (!Apply(received, events, ref state, errors, $"payments[{j}]")) return null;
        }
        if (order.Cancellation is { } cancellation
            && !Apply(OrderDecider.Cancel(state, new CancelOrder(cancellation.Reason!, cancellation.CancelledAt ?? now)), events, ref state, errors, "cancellation"))
            return null;
        return (state.Id, branch!, events);
    }

    /// <summary>A later command's decision on the order so far: its events taken, or its refusal (a 409 on its own route) reported on <paramref name="field"/>.</summary>
    private static bool Apply(Decision decision, List<object> events, ref Order state, ValidationErrors errors, string field)
    {
        if (decision.Refusal is { } refused) { errors.Add(field, refused); return false; }
        foreach (var e in decision.Events)
        {
            events.Add(e);
            state = OrderProjection.Fold(state, e, events.Count)!;
        }
        return true;
    }

    /// <summary>Which of <paramref name="ids"/> are streams already, in whatever branch (one query).</summary>
    private static async Task<HashSet<Guid>> StoredAsync(IDocumentStore store, List<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        await using var session = store.QuerySession();
        var found = await session.AdvancedSql.QueryAsync<Guid>(
            $"select id from {store.Options.Events.DatabaseSchemaName}.mt_streams where id = any(?)", ct, ids.ToArray());
        return [.. found];
    }

    private static bool IsStreamCollision(Exception e) =>
        e is ExistingStreamIdCollisionException
        || e.GetBaseException() is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
