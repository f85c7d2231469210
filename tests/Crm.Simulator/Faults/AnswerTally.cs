using System.Globalization;
using System.Net;

namespace Crm.Simulator.Faults;

/// <summary>
/// Every answer the requests of one phase got (the writes, attempt by attempt, or the report reads), and
/// the writes that never succeeded. A 503 is kept apart by whether it said when to try again
/// (Retry-After), which is the contract.
/// </summary>
public sealed class AnswerTally
{
    public const string NoAnswer = "no answer";

    private readonly Dictionary<string, int> answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> examples = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> writes = new(StringComparer.Ordinal);
    private readonly List<string> failures = [];
    private int failed;

    /// <param name="example">What got the answer ("POST /api/orders: its problem's title"); the first of each kind is kept.</param>
    public void Answer(HttpStatusCode status, bool retryAfter, string example)
    {
        var key = status == HttpStatusCode.ServiceUnavailable
            ? retryAfter ? "503 with Retry-After" : "503 without Retry-After"
            : ((int)status).ToString(CultureInfo.InvariantCulture);
        Count(answers, key);
        lock (answers) examples.TryAdd(key, example);
    }

    /// <summary>The first request that got <paramref name="answer"/>, e.g. "POST /api/orders: Customers service unavailable".</summary>
    public string ExampleOf(string answer) { lock (answers) return examples.GetValueOrDefault(answer, "?"); }

    /// <summary>No HTTP answer at all: the connection was refused or cut, or the client gave up waiting.</summary>
    public void Unanswered() => Count(answers, NoAnswer);

    /// <summary>A request sent (once, however many attempts it took), by kind: customer, order, payment, read.</summary>
    public void Sent(string kind) => Count(writes, kind);

    public void Failed(string reason)
    {
        lock (answers)
        {
            failed++;
            if (failures.Count < 3) failures.Add(reason);
        }
    }

    public int Total { get { lock (answers) return writes.Values.Sum(); } }
    public int FailedWrites { get { lock (answers) return failed; } }

    public int Of(string answer) { lock (answers) return answers.GetValueOrDefault(answer); }

    /// <summary>"467 customers, 468 orders, 467 payments".</summary>
    public string KindsText()
    {
        lock (answers) return string.Join(", ", writes.OrderBy(w => Order(w.Key)).Select(w => $"{w.Value} {w.Key}s"));
    }

    /// <summary>"201x1400, 503 with Retry-After x12, 502x3", most frequent first.</summary>
    public string AnswersText()
    {
        lock (answers)
            return answers.Count == 0 ? "none" : string.Join(", ", answers.OrderByDescending(a => a.Value).ThenBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => a.Key.Length > 3 ? $"{a.Key} x{a.Value}" : $"{a.Key}x{a.Value}"));
    }

    public IReadOnlyList<string> FirstFailures() { lock (answers) return [.. failures]; }

    private void Count(Dictionary<string, int> counts, string key)
    {
        lock (answers) counts[key] = counts.GetValueOrDefault(key) + 1;
    }

    private static int Order(string kind) => kind switch { "customer" => 0, "order" => 1, "payment" => 2, _ => 3 };
}
