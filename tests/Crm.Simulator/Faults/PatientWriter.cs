using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Crm.Simulator.Faults;

/// <summary>
/// A write sent the way a well-behaved client sends it: a 503 is tried again after its Retry-After, a
/// gateway that cannot reach its service (502, 504) or no answer at all after a second; anything else
/// that is not a success (a 500 above all) is a failed write and is not sent again.
/// </summary>
public sealed class PatientWriter(Api api)
{
    /// <summary>How long one write keeps being tried before it counts as failed.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    /// <summary>The created record's body, or null when the write failed (recorded in <paramref name="tally"/>).</summary>
    public async Task<JsonNode?> PostAsync(string kind, string token, string path, object body, AnswerTally tally)
    {
        tally.Sent(kind);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            TimeSpan wait;
            try
            {
                var reply = await api.SendOnceAsync(HttpMethod.Post, token, path, body);
                tally.Answer(reply.Status, reply.RetryAfter is not null, $"POST {Route(path)}: {(reply.Body as JsonObject)?["title"]?.ToString() ?? "no problem title"}");
                if (reply.Ok) return reply.Body ?? new JsonObject();
                if (reply.Status is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout or HttpStatusCode.TooManyRequests))
                {
                    tally.Failed($"POST {Route(path)} answered {(int)reply.Status}: {Trim(reply.Body?.ToJsonString())}");
                    return null;
                }
                wait = reply.RetryAfter is { } after && after > TimeSpan.Zero ? after : Pause;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                tally.Unanswered();
                wait = Pause;
            }
            if (clock.Elapsed + wait > GiveUpAfter)
            {
                tally.Failed($"POST {Route(path)} still not accepted after {GiveUpAfter.TotalSeconds:F0} s");
                return null;
            }
            await Task.Delay(wait);
        }
    }

    // The route without the ids, so that failures of one kind read alike.
    private static string Route(string path) =>
        string.Join('/', path.Split('?')[0].Split('/').Select(s => Guid.TryParse(s, out _) ? "{id}" : s));

    private static string Trim(string? text) => text is null ? "" : text[..Math.Min(300, text.Length)];
}
