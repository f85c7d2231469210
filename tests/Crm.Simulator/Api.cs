using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Simulator;

/// <summary>The gateway as any external system sees it: tokens, JSON in and out, retries on 429/503.</summary>
public sealed class Api(HttpClient http)
{
    public sealed record Answer(HttpStatusCode Status, JsonNode? Body)
    {
        public bool Created => Status == HttpStatusCode.Created;
        public bool Conflict => Status == HttpStatusCode.Conflict;
        public Guid Id => Guid.Parse(Body!["id"]!.GetValue<string>());
    }

    private int calls;

    public int Calls => Volatile.Read(ref calls);

    public async Task<string?> TokenAsync(params (string Key, string Value)[] form)
    {
        using var content = new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
        using var response = await http.PostAsync(new Uri("/connect/token", UriKind.Relative), content);
        Interlocked.Increment(ref calls);
        if (!response.IsSuccessStatusCode) return null;
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return body?["access_token"]?.GetValue<string>();
    }

    public Task<Answer> GetAsync(string token, string path) => SendAsync(HttpMethod.Get, token, path, null);

    public Task<Answer> PostAsync(string token, string path, object body) => SendAsync(HttpMethod.Post, token, path, body);

    /// <summary>A body that is not JSON (a CSV file); it must succeed.</summary>
    public async Task<Answer> MustPostTextAsync(string token, string path, string text, string mediaType)
    {
        var answer = await SendAsync(HttpMethod.Post, token, path, null, () => new StringContent(text, Encoding.UTF8, mediaType));
        if ((int)answer.Status is >= 200 and < 300) return answer;
        throw new InvalidOperationException($"POST {path} answered {(int)answer.Status}: {Trim(answer.Body?.ToJsonString())}");
    }

    /// <summary>A write that must succeed: 201 (or 200), or 409 when <paramref name="conflictIsFine"/>.</summary>
    public async Task<Answer> MustPostAsync(string token, string path, object body, bool conflictIsFine = false)
    {
        var answer = await PostAsync(token, path, body);
        if ((int)answer.Status is >= 200 and < 300 || (conflictIsFine && answer.Conflict)) return answer;
        throw new InvalidOperationException($"POST {path} answered {(int)answer.Status}: {Trim(answer.Body?.ToJsonString())}");
    }

    public async Task<JsonArray> MustListAsync(string token, string path)
    {
        var answer = await GetAsync(token, path);
        if (answer.Status != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path} answered {(int)answer.Status}: {Trim(answer.Body?.ToJsonString())}");
        return answer.Body!["items"]!.AsArray();
    }

    /// <summary>What one request answered when sent once: its status, its <c>Retry-After</c> (null when absent) and its body.</summary>
    public sealed record Reply(HttpStatusCode Status, TimeSpan? RetryAfter, JsonNode? Body)
    {
        public bool Ok => (int)Status is >= 200 and < 300;
    }

    /// <summary>
    /// One request, never retried here: for a client that keeps its own record of every answer and decides
    /// itself when to try again (the fault suite).
    /// </summary>
    public async Task<Reply> SendOnceAsync(HttpMethod method, string token, string path, object? body, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body, Json.Options), Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, ct);
        Interlocked.Increment(ref calls);
        var text = await response.Content.ReadAsStringAsync(ct);
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => (TimeSpan?)null,
        };
        return new Reply(response.StatusCode, retryAfter, Parse(text));
    }

    private async Task<Answer> SendAsync(HttpMethod method, string token, string path, object? body, Func<HttpContent>? content = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
                request.Content = new StringContent(JsonSerializer.Serialize(body, Json.Options), Encoding.UTF8, "application/json");
            else if (content is not null)
                request.Content = content();
            using var response = await http.SendAsync(request);
            Interlocked.Increment(ref calls);
            var text = await response.Content.ReadAsStringAsync();
            var retry = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway;
            if (retry && attempt < 6)
            {
                await Task.Delay(200 * attempt);
                continue;
            }
            return new Answer(response.StatusCode, Parse(text));
        }
    }

    private static JsonNode? Parse(string text)
    {
        if (text.Length == 0) return null;
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return JsonValue.Create(text); } // a proxy's plain-text or HTML error page
    }

    private static string? Trim(string? text) => text is { Length: > 400 } ? text[..400] : text;
}

public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
