using System.Globalization;

namespace Crm.Simulator.Bench;

/// <summary>Resident memory of the system's processes, read from /proc (Linux).</summary>
public static class Processes
{
    /// <summary>VmRSS of a process in KiB, or null when it is gone.</summary>
    public static long? ResidentKib(int pid) => StatusKib(pid, "VmRSS:");

    /// <summary>The shared-memory part of VmRSS (RssShmem) in KiB: PostgreSQL's shared buffers, mapped by every backend.</summary>
    public static long? SharedKib(int pid) => StatusKib(pid, "RssShmem:");

    private static long? StatusKib(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>The direct children of a process (PostgreSQL's backends and workers under the postmaster).</summary>
    public static IEnumerable<int> Children(int pid)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var child)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 1 && int.TryParse(fields[1], out var parent) && parent == pid) yield return child;
        }
    }

    /// <summary>The process listening on 127.0.0.1/0.0.0.0 TCP port <paramref name="port"/>, found through /proc/net/tcp and the processes' sockets.</summary>
    public static int? ListeningOn(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 10 || f[3] != "0A") continue; // LISTEN
                var local = f[1];
                if (int.Parse(local[(local.IndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port) inodes.Add(f[9]);
            }
        }
        if (inodes.Count == 0) return null;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                foreach (var fd in Directory.EnumerateFiles(Path.Combine(dir, "fd")))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1])) return pid;
                }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return null;
    }
}
