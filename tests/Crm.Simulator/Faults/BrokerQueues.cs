using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Crm.Simulator.Faults;

/// <summary>The services' queues as RabbitMQ's management API shows them: what waits in each inbound queue and what sits in each error queue.</summary>
public sealed class BrokerQueues(HttpClient http, Uri management)
{
    /// <param name="Messages">Null until the broker has counted them (its statistics come every few seconds, and later after a restart).</param>
    public sealed record Queue(string Name, long? Messages);

    /// <summary>Every queue with its messages (ready and unacknowledged), or null while the broker cannot be asked.</summary>
    public async Task<IReadOnlyList<Queue>?> ListAsync()
    {
        var url = new UriBuilder(management) { UserName = "", Password = "", Path = "/api/queues/%2F", Query = "columns=name,messages" }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var credentials = Uri.UnescapeDataString(management.UserInfo);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        try
        {
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode) return null;
            var queues = JsonNode.Parse(await response.Content.ReadAsStringAsync())?.AsArray() ?? [];
            return [.. queues.Select(q => new Queue(q!["name"]!.GetValue<string>(), q["messages"]?.GetValue<long>()))];
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return null; }
    }

    public static bool IsInbound(Queue q) => q.Name.EndsWith(".events", StringComparison.Ordinal);

    public static bool IsError(Queue q) => q.Name.EndsWith("_error", StringComparison.Ordinal);

    /// <summary>"reporting.events 12, sales.events 3" for the queues in <paramref name="queues"/> that hold anything.</summary>
    public static string Holding(IEnumerable<Queue> queues) =>
        string.Join(", ", queues.Where(q => q.Messages is not 0).Select(q => $"{q.Name} {q.Messages?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(not counted yet)"}"));
}
