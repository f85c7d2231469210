using System.Net;
using System.Text.Json.Nodes;

namespace Crm.Simulator.Faults;

/// <summary>
/// Whether sales' replica of customers holds every customer of the branch. Signing an order would not
/// tell (sales asks the customers service about a customer it has not heard of), but the order import
/// reads the replica alone: each customer is named in an order without lines, which the import always
/// refuses, and the customers it also refuses on <c>customerId</c> are the ones sales has not heard of.
/// Nothing is stored.
/// </summary>
public sealed class SalesReplica(Api api, SuiteSession session)
{
    private const int Batch = 1000;   // the import's limit per request
    private readonly HashSet<Guid> heardOf = [];

    /// <summary>How many of <paramref name="customers"/> sales has not heard of; null while it cannot be asked.</summary>
    public async Task<int?> MissingAsync(IReadOnlyList<Guid> customers)
    {
        foreach (var chunk in customers.Where(c => !heardOf.Contains(c)).Chunk(Batch))
        {
            var orders = chunk.Select(c => new { id = Guid.NewGuid(), customerId = c, branch = session.Branch, lines = Array.Empty<object>() }).ToArray();
            Api.Reply reply;
            try { reply = await api.SendOnceAsync(HttpMethod.Post, session.Importer, "/api/orders/import", new { orders }); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return null; }
            if (reply.Status != HttpStatusCode.OK) return null;
            if (reply.Body?["imported"]?.GetValue<int>() is > 0)
                throw new InvalidOperationException("the check of sales' replica stored orders: the import took an order without lines");
            var unknown = new HashSet<int>();
            foreach (var error in reply.Body?["errors"]?.AsArray() ?? [])
                if (error?["errors"] is JsonObject fields && fields.ContainsKey("customerId"))
                    unknown.Add(error["index"]!.GetValue<int>());
            for (var i = 0; i < chunk.Length; i++)
                if (!unknown.Contains(i)) heardOf.Add(chunk[i]);
        }
        return customers.Count(c => !heardOf.Contains(c));
    }
}
