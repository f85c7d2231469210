using Crm.Sales.Domain;
using Crm.ServiceDefaults.Http;
using Marten;

namespace Crm.Sales.Features;

/// <summary>A record's history and its state as of a past time: every sales record serves both.</summary>
public static class RecordReads
{
    public static async Task<IResult> HistoryAsync(IDocumentStore store, ISalesRecord record, CancellationToken ct)
    {
        await using var session = store.QuerySession(record.Branch);
        var events = await session.Events.FetchStreamAsync(record.Id, token: ct);
        return Results.Ok(RecordHistory.From(events));
    }

    /// <returns>The record rebuilt from its events up to <paramref name="asOf"/>, or null when it did not exist yet.</returns>
    public static async Task<T?> AsOfAsync<T>(IDocumentStore store, T record, DateTimeOffset asOf, RecordCommand.Fold<T> fold, CancellationToken ct)
        where T : class, ISalesRecord
    {
        await using var session = store.QuerySession(record.Branch);
        var events = await session.Events.FetchStreamAsync(record.Id, timestamp: asOf, token: ct);
        return events.Aggregate((T?)null, (state, e) => fold(state, e.Data, e.Version));
    }
}
