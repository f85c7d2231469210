using System.Globalization;
using System.Text;
using Crm.ServiceDefaults.Http;

namespace Crm.Identity.Features;

/// <summary>
/// API.md lists: <c>?limit=</c> (default 50, max 500) and an opaque cursor, answered as
/// <c>{ items, nextCursor }</c>. The cursor is the offset into a stable ordering: lists here are
/// small (branches, staff, clients), so an offset costs nothing and stays easy to reason about.
/// </summary>
public sealed record Paging(int Limit, int Offset)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static Paging? Read(string? limit, string? cursor, ValidationErrors errors)
    {
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
            errors.Add("limit", $"'limit' is a whole number from 1 to {MaxLimit}.");
        var offset = 0;
        if (cursor is not null && !TryDecode(cursor, out offset))
            errors.Add("cursor", "'cursor' is not one this service handed out.");
        return errors.Any ? null : new Paging(size, offset);
    }

    /// <summary>Reads one item more than asked, to know whether another page follows.</summary>
    public int Take => Limit + 1;

    public Page<T> PageOf<T>(IReadOnlyList<T> fetched) =>
        new(fetched.Take(Limit).ToList(), fetched.Count > Limit ? Encode(Offset + Limit) : null);

    private static string Encode(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"o:{offset.ToString(CultureInfo.InvariantCulture)}"));

    private static bool TryDecode(string cursor, out int offset)
    {
        offset = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith("o:", StringComparison.Ordinal)
                && int.TryParse(text[2..], NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
