namespace Crm.Simulator.Faults;

/// <summary>What the answers to a fault's writes and reads may and may not be.</summary>
public static class Verdict
{
    /// <summary>
    /// The reasons the writes fail the fault, none when they pass: a write that never succeeded (a 500, a
    /// refusal, or no success within the give-up time), and whatever <see cref="OfAnswers"/> refuses.
    /// </summary>
    public static IEnumerable<string> OfWrites(AnswerTally writes, Fault fault)
    {
        if (writes.Total == 0) yield return "no write was sent";
        if (writes.FailedWrites > 0) yield return $"{writes.FailedWrites} writes failed, e.g. {string.Join(" | ", writes.FirstFailures())}";
        foreach (var reason in OfAnswers(writes, fault, "write")) yield return reason;
    }

    /// <summary>
    /// No 500 ever; a 503 must say when to try again; the gateway may answer that it cannot reach a
    /// service (502, 504) only while the fault stops one.
    /// </summary>
    public static IEnumerable<string> OfAnswers(AnswerTally tally, Fault fault, string what)
    {
        if (tally.Of("500") is > 0 and var errors) yield return $"{errors} {what} answers were 500 (first: {tally.ExampleOf("500")})";
        if (tally.Of("503 without Retry-After") is > 0 and var bare)
            yield return $"{bare} {what} answers were 503 without Retry-After (first: {tally.ExampleOf("503 without Retry-After")})";
        if (!fault.StopsAService && tally.Of("502") + tally.Of("504") is > 0 and var unreachable)
            yield return $"{unreachable} {what} answers were 502/504 although no service was stopped (first: {tally.ExampleOf(tally.Of("502") > 0 ? "502" : "504")})";
    }
}
