using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Crm.Customers.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;

namespace Crm.Customers.Features;

/// <summary>
/// The filter of the customer list and the export, bound to the caller's scope: reps see their own
/// customers, branch roles their branch, group roles every branch or the one they name.
/// </summary>
public sealed record CustomerFilter(
    string? Category, string? Grade, Guid? OwnerId, string? Status, string? Search, string? Sort, string? Branch)
{
    private CustomerGrade? grade;
    private CustomerStatus? status;

    public static async ValueTask<CustomerFilter?> BindAsync(HttpContext http)
    {
        var q = http.Request.Query;
        var owner = q["ownerId"].ToString();
        return new CustomerFilter(Get("category"), Get("grade"), Guid.TryParse(owner, out var id) ? id : null,
            Get("status"), Get("search"), Get("sort"), Get("branch")) { OwnerText = owner.Length > 0 ? owner : null };

        string? Get(string name) => q[name].ToString() is { Length: > 0 } v ? v.Trim() : null;
    }

    private string? OwnerText { get; init; }

    public ValidationErrors Validate(ValidationErrors errors)
    {
        if (OwnerText is not null && OwnerId is null) errors.Add("ownerId", "'ownerId' is a staff id.");
        if (Grade is not null)
        {
            if (CustomerFields.TryGrade(Grade, out var g)) grade = g;
            else errors.Add("grade", "'grade' must be one of: vip, key, normal.");
        }
        if (Status is not null)
        {
            status = Status switch
            {
                "active" => CustomerStatus.Active, "archived" => CustomerStatus.Archived, "merged" => CustomerStatus.Merged, _ => null,
            };
            if (status is null) errors.Add("status", "'status' must be one of: active, archived, merged.");
        }
        if (Sort is not null and not ("name" or "-name" or "registeredAt" or "-registeredAt"))
            errors.Add("sort", "'sort' must be one of: name, -name, registeredAt, -registeredAt.");
        if (Search is { Length: > 200 }) errors.Add("search", "'search' must be at most 200 characters.");
        if (Branch is not null && !RegisterCustomerEndpoint.BranchCode().IsMatch(Branch)) errors.Add("branch", "'branch' is a branch code.");
        return errors;
    }

    /// <summary>The session to query in: the caller's branch, or all branches for group roles.</summary>
    public IQuerySession OpenSession(IDocumentStore store, Caller caller) =>
        caller.IsGroupLevel ? Branch is null ? store.QuerySession() : store.QuerySession(Branch) : store.QuerySession(caller.Branch!);

    public IQueryable<Customer> Apply(IQuerySession session, Caller caller)
    {
        var query = session.Query<Customer>().Where(c => c.Status != CustomerStatus.TransferredOut);
        if (caller.IsGroupLevel && Branch is null) query = query.Where(c => c.AnyTenant());
        if (caller.Role == Roles.SalesRep) query = query.Where(c => c.OwnerId == caller.StaffId);
        query = status is { } s ? query.Where(c => c.Status == s) : query.Where(c => c.Status != CustomerStatus.Merged);
        if (Category is not null) query = query.Where(c => c.Category == Category);
        if (grade is { } g) query = query.Where(c => c.Grade == g);
        if (OwnerId is { } owner) query = query.Where(c => c.OwnerId == owner);
        if (Search is not null) query = query.Where(c => c.Name.Contains(Search, StringComparison.OrdinalIgnoreCase));
        return Sort switch
        {
            "-name" => query.OrderByDescending(c => c.Name).ThenBy(c => c.Id),
            "registeredAt" => query.OrderBy(c => c.RegisteredAt).ThenBy(c => c.Id),
            "-registeredAt" => query.OrderByDescending(c => c.RegisteredAt).ThenBy(c => c.Id),
            _ => query.OrderBy(c => c.Name).ThenBy(c => c.Id),
        };
    }

    /// <summary>The filter as given, for the export's audit event.</summary>
    public IReadOnlyDictionary<string, string> Described() => new Dictionary<string, string?>
    {
        ["category"] = Category, ["grade"] = Grade, ["ownerId"] = OwnerId?.ToString(), ["status"] = Status,
        ["search"] = Search, ["sort"] = Sort, ["branch"] = Branch,
    }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);

    /// <summary>An opaque cursor: the position of the next page in the filtered, sorted list.</summary>
    public static string Cursor(int offset) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"o:{offset.ToString(CultureInfo.InvariantCulture)}"));

    public static int? Offset(string? cursor)
    {
        if (cursor is null) return 0;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith("o:", StringComparison.Ordinal) && int.TryParse(text[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
