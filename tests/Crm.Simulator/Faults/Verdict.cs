namespace Crm.Simulator.Faults;

/// <summary>What the answers to a fault's writes may and may not be.</summary>
public static class Verdict
{
    /// <summary>
    /// The reasons the writes fail the fault, none when they pass. A write that never succeeded fails it
    /// (a 500, a refusal, or no success within the give-up time); a 503 must say when to try again; the
    /// gateway may answer that it cannot reach a service (502, 504) only while the fault stops one.
    /// </summary>
    public static IEnumerable<string> OfWrites(WriteTally tally, Fault fault)
    {
        if (tally.Writes == 0) yield return "no write was sent";
        if (tally.Of("500") is > 0 and var errors) yield return $"{errors} answers were 500";
        if (tally.FailedWrites > 0) yield return $"{tally.FailedWrites} writes failed, e.g. {string.Join(" | ", tally.FirstFailures())}";
        if (tally.Of("503 without Retry-After") is > 0 and var bare) yield return $"{bare} answers were 503 without Retry-After";
        if (!fault.StopsAService && tally.Of("502") + tally.Of("504") is > 0 and var unreachable)
            yield return $"{unreachable} answers were 502/504 although no service was stopped";
    }
}
