using System.Buffers.Text;
using System.Text;

namespace Crm.ServiceDefaults.Http;

/// <summary>
/// An opaque keyset cursor (API.md <c>cursor</c>): the sort it belongs to, that sort's key of the
/// last row served and the row's id, which breaks ties. The next page is the rows after that key
/// in the same order, so rows inserted or removed before the cursor neither shift nor repeat what
/// follows, unlike an offset. A cursor is only good for the sort it was issued for.
/// </summary>
public sealed record KeysetCursor(string Sort, string Key, Guid Id)
{
    private const string Version = "k1";
    private const char Separator = '\u001f';

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join(Separator, Version, Sort, Id.ToString("N"), Key)));

    /// <summary>
    /// Reads a cursor this API issued for <paramref name="sort"/>; adds a 400 message for
    /// <paramref name="field"/> when it is not one (garbled, of another kind or of another sort).
    /// Null when no cursor was given, or it was refused.
    /// </summary>
    public static KeysetCursor? Read(string? cursor, string sort, ValidationErrors errors, string field = "cursor")
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        if (TryDecode(cursor) is { } decoded)
        {
            if (decoded.Sort == sort) return decoded;
            errors.Add(field, $"'{field}' belongs to another sort order; start again without it.");
            return null;
        }
        errors.Add(field, $"'{field}' is not one this list gave out.");
        return null;
    }

    private static KeysetCursor? TryDecode(string cursor)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
        // The key comes last and may itself hold any character, the separator included.
        var parts = text.Split(Separator, 4);
        return parts is [Version, var sort, var id, var key] && Guid.TryParseExact(id, "N", out var guid)
            ? new KeysetCursor(sort, key, guid)
            : null;
    }
}
