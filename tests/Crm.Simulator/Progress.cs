using System.Diagnostics;
using System.Globalization;

namespace Crm.Simulator;

/// <summary>A progress bar on a terminal; a line every tenth of the way when the output is a log.</summary>
public sealed class Progress(string what, long total, long start = 0)
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly object gate = new();
    private readonly long first = start;
    private long done = start;
    private long shownAt = -1;
    private int lastTenth = -1;

    public long Done => Interlocked.Read(ref done);

    public void Advance(long by = 1)
    {
        var now = Interlocked.Add(ref done, by);
        lock (gate)
        {
            if (Console.IsOutputRedirected)
            {
                var tenth = (int)(total == 0 ? 10 : now * 10 / total);
                if (tenth > lastTenth) { lastTenth = tenth; Console.WriteLine($"[sim] {Line(now)}"); }
                return;
            }
            if (clock.ElapsedMilliseconds - shownAt < 250 && now < total) return;
            shownAt = clock.ElapsedMilliseconds;
            Console.Write($"\r[sim] {Line(now)}   ");
        }
    }

    /// <summary>Ends the bar and says the rate of this run.</summary>
    public string Finish()
    {
        lock (gate)
        {
            if (!Console.IsOutputRedirected) Console.WriteLine($"\r[sim] {Line(Done)}   ");
            return Rate();
        }
    }

    public string Rate()
    {
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        return string.Create(CultureInfo.InvariantCulture, $"{Done - first} in {seconds:F1} s, {(Done - first) / seconds:F0}/s");
    }

    private string Line(long now)
    {
        var share = total == 0 ? 1 : Math.Min(1.0, (double)now / total);
        var filled = (int)(share * 30);
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
        var rate = (now - first) / seconds;
        var left = rate > 0 ? TimeSpan.FromSeconds((total - now) / rate) : TimeSpan.Zero;
        return string.Create(CultureInfo.InvariantCulture,
            $"{what} [{new string('#', filled)}{new string('.', 30 - filled)}] {share * 100,5:F1}% {now}/{total} {rate:F0}/s, {left:hh\\:mm\\:ss} left");
    }
}
