using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using JasperFx.Events;
using Marten;

namespace Crm.Sales.Features;

/// <summary>A record's history and its state as of a past time: every sales record serves both.</summary>
public static class RecordReads
{
    public static async Task<IResult> HistoryAsync(IDocumentStore store, ISalesRecord record, CancellationToken ct) =>
        Results.Ok(RecordHistory.From(await StreamAcrossBranchesAsync(store, record.Id, upTo: null, ct)));

    /// <returns>The record rebuilt from its events up to <paramref name="asOf"/>, or null when it did not exist yet.</returns>
    public static async Task<T?> AsOfAsync<T>(IDocumentStore store, T record, DateTimeOffset asOf, RecordCommand.Fold<T> fold, CancellationToken ct)
        where T : class, ISalesRecord
    {
        var events = await StreamAcrossBranchesAsync(store, record.Id, asOf, ct);
        return events.Aggregate((T?)null, (state, e) => fold(state, e.Data, e.Version));
    }

    /// <summary>
    /// Every event of the record in every branch it has been in, in the order they happened (a
    /// customer's transfer closes its open records' streams in one branch and continues them in the next).
    /// </summary>
    private static async Task<IReadOnlyList<IEvent>> StreamAcrossBranchesAsync(IDocumentStore store, Guid id, DateTimeOffset? upTo, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var events = session.Events.QueryAllRawEvents().Where(e => e.AnyTenant() && e.StreamId == id);
        if (upTo is { } time) events = events.Where(e => e.Timestamp <= time);
        return await events.OrderBy(e => e.Sequence).ToListAsync(ct);
    }
}
