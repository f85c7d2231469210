using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Crm.ServiceDefaults.Http;

/// <summary>A record's stream version travels as its ETag; If-Match turns it into an expected version.</summary>
public static class ETags
{
    public static string For(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void Write(HttpContext context, long version) => context.Response.Headers.ETag = For(version);

    /// <summary>The version the caller expects from <c>If-Match</c>, null when absent or <c>*</c>.</summary>
    public static bool TryReadIfMatch(HttpRequest request, out long? expected)
    {
        expected = null;
        var raw = request.Headers.IfMatch.ToString();
        if (raw.Length == 0 || raw == "*") return true;
        var trimmed = raw.Trim();
        if (trimmed.StartsWith("W/", StringComparison.Ordinal)) trimmed = trimmed[2..];
        trimmed = trimmed.Trim('"');
        if (!long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return false;
        expected = version;
        return true;
    }
}
