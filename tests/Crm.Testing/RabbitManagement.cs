using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Crm.Testing;

/// <summary>The RabbitMQ management HTTP API, for what tests need to see or set up on a broker.</summary>
public sealed class RabbitManagement
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Uri root;
    private readonly AuthenticationHeaderValue credentials;

    /// <param name="management">The API's base address with the user's credentials in its user-info part.</param>
    public RabbitManagement(Uri management)
    {
        root = new UriBuilder(management) { UserName = "", Password = "", Path = "/" }.Uri;
        credentials = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(management.UserInfo))));
    }

    public async Task PutAsync(string relative, string json)
    {
        using var response = await SendAsync(HttpMethod.Put, relative, new StringContent(json, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"RabbitMQ management PUT {relative} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task PostAsync(string relative, string json)
    {
        using var response = await SendAsync(HttpMethod.Post, relative, new StringContent(json, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"RabbitMQ management POST {relative} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<bool> QueueExistsAsync(string vhost, string queue)
    {
        using var response = await SendAsync(HttpMethod.Get, $"api/queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}");
        return response.IsSuccessStatusCode;
    }

    /// <summary>Reads any GET resource of the API (queues, bindings, ...).</summary>
    public async Task<JsonElement> GetJsonAsync(string relative)
    {
        using var response = await SendAsync(HttpMethod.Get, relative);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    /// <summary>
    /// Closes every client connection to a virtual host, as a broker restart or a network cut would, and
    /// says how many it closed. The API lists a new connection only a few seconds after it opened.
    /// </summary>
    public async Task<int> CloseConnectionsAsync(string vhost)
    {
        var closed = 0;
        foreach (var connection in (await GetJsonAsync($"api/vhosts/{Uri.EscapeDataString(vhost)}/connections")).EnumerateArray())
        {
            using var response = await SendAsync(HttpMethod.Delete, $"api/connections/{Uri.EscapeDataString(connection.GetProperty("name").GetString()!)}");
            if (response.IsSuccessStatusCode) closed++;
            else if (response.StatusCode != HttpStatusCode.NotFound)
                throw new InvalidOperationException($"RabbitMQ management could not close a connection: {(int)response.StatusCode}");
        }
        return closed;
    }

    /// <summary>Looks at up to <paramref name="count"/> messages without taking them; none when the queue does not exist (yet).</summary>
    public async Task<IReadOnlyList<JsonElement>> PeekAsync(string vhost, string queue, int count = 10)
    {
        using var response = await SendAsync(HttpMethod.Post, $"api/queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}/get",
            JsonContent.Create(new { count, ackmode = "ack_requeue_true", encoding = "auto" }));
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        response.EnsureSuccessStatusCode();
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(m => m.Clone())];
    }

    /// <summary>The virtual host an AMQP URI points at ("/" for the default one).</summary>
    public static string VirtualHostOf(Uri amqp) => amqp.AbsolutePath is "/" or "" ? "/" : Uri.UnescapeDataString(amqp.AbsolutePath.TrimStart('/'));

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(root, relative)) { Content = content };
        request.Headers.Authorization = credentials;
        return Http.SendAsync(request);
    }
}
