using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Marten;

namespace Crm.ServiceDefaults.Http;

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// <c>limit</c> (default 50, max 500) and an opaque <c>cursor</c> (API.md). Lists are ordered by
/// id, which is time-ordered (v7), oldest first: new records join the end, so a cursor taken
/// earlier still continues where it left off.
/// </summary>
public sealed record Paging(int Limit, int Offset)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static Paging Read(int? limit, string? cursor, ValidationErrors errors)
    {
        if (limit is < 1 or > MaxLimit) errors.Add("limit", $"'limit' is between 1 and {MaxLimit}.");
        var offset = 0;
        if (cursor is { Length: > 0 } && !TryDecode(cursor, out offset)) errors.Add("cursor", "'cursor' is not one this API returned.");
        return new(limit ?? DefaultLimit, offset);
    }

    public async Task<Page<TOut>> ReadAsync<TIn, TOut>(IQueryable<TIn> ordered, Func<IReadOnlyList<TIn>, IReadOnlyList<TOut>> respond, CancellationToken ct)
        where TIn : notnull
    {
        var rows = await ordered.Skip(Offset).Take(Limit + 1).ToListAsync(ct);
        var more = rows.Count > Limit;
        var items = more ? rows.Take(Limit).ToList() : rows.ToList();
        return new(respond(items), more ? Encode(Offset + Limit) : null);
    }

    /// <summary>The cursor of the page that starts <paramref name="count"/> items after this one's start.</summary>
    public string CursorAfter(int count) => Encode(Offset + count);

    private static string Encode(int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes("o:" + offset.ToString(CultureInfo.InvariantCulture)));

    private static bool TryDecode(string cursor, out int offset)
    {
        offset = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith("o:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
