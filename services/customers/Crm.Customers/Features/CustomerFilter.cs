using System.Globalization;
using Crm.Customers.Domain;
using Crm.ServiceDefaults.Http;
using Crm.ServiceDefaults.Security;
using Marten;
using Marten.Linq.MatchesSql;

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

    /// <summary>The query parameters, for the OpenAPI document (bound by <see cref="BindAsync"/>, so not inferred).</summary>
    public const string Description =
        "Filters (query parameters): category, grade (vip, key, normal), ownerId, status (active, archived, merged; " +
        "default: active and archived), branch (group roles), sort (name, -name, registeredAt, -registeredAt), and search. " +
        "search (at most 200 characters) finds the customers whose name, tax id, emails, or contacts' names or emails " +
        "contain it, or whose phones or contacts' phones contain its digits when it is written like a phone number " +
        "(digits, spaces, + - ( ) .); compared width-folded, case-insensitively and ignoring white space, exactly (a " +
        "substring, no fuzziness): 'hengda elec' finds 'Hengda Electrical', '美的' finds '深圳美的电器有限公司', " +
        "'138-0013' finds '+86 138 0013 8000'.";

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

    /// <summary>The sort order in force: by name unless another is asked for.</summary>
    public string SortOrder => Sort ?? "name";

    /// <summary>
    /// The filtered list in the asked order, every sort ending on the id so the order is total; with
    /// a cursor, only the rows after the one it names (keyset paging: inserts before it shift nothing).
    /// </summary>
    public IQueryable<Customer> Apply(IQuerySession session, Caller caller, KeysetCursor? after = null)
    {
        var query = session.Query<Customer>().Where(c => c.Status != CustomerStatus.TransferredOut);
        if (caller.IsGroupLevel && Branch is null) query = query.Where(c => c.AnyTenant());
        if (caller.Role == Roles.SalesRep) query = query.Where(c => c.OwnerId == caller.StaffId);
        query = status is { } s ? query.Where(c => c.Status == s) : query.Where(c => c.Status != CustomerStatus.Merged);
        if (Category is not null) query = query.Where(c => c.Category == Category);
        if (grade is { } g) query = query.Where(c => c.Grade == g);
        if (OwnerId is { } owner) query = query.Where(c => c.OwnerId == owner);
        if (Search is not null && SearchSql(Search) is { } search)
        {
            var (sql, arguments) = search;
            query = query.Where(c => c.MatchesSql(sql, arguments));
        }
        if (after is not null)
        {
            var (sql, key, id) = (AfterSql(SortOrder), after.Key, after.Id);
            query = query.Where(c => c.MatchesSql(sql, key, key, id));
        }
        return SortOrder switch
        {
            "-name" => query.OrderByDescending(c => c.Name).ThenBy(c => c.Id),
            "registeredAt" => query.OrderBy(c => c.RegisteredAt).ThenBy(c => c.Id),
            "-registeredAt" => query.OrderByDescending(c => c.RegisteredAt).ThenBy(c => c.Id),
            _ => query.OrderBy(c => c.Name).ThenBy(c => c.Id),
        };
    }

    /// <summary>
    /// The search (SearchKeys) as SQL: for each text it looks for, the customer's normalised texts
    /// really contain it and its pieces include every piece of it (the GIN index on <c>search_grams</c>).
    /// The planner reads the GIN when the search is rare and walks the name index when many customers
    /// match, judging by the statistics of the pieces; on that walk the short text is checked first, so
    /// the larger pieces array is read only for customers that match anyway. The text check is wrapped
    /// in <c>coalesce</c> so the planner does not also count its selectivity: it only ever confirms the
    /// pieces (contained text implies contained pieces), and multiplying the two would make a search
    /// that 5% of customers match look like 0.25%, and the planner sort thousands of rows instead of
    /// walking the name index to the first page.
    /// Null when nothing is left to look for once normalised (white space only): no narrowing then.
    /// </summary>
    private static (string Sql, object[] Arguments)? SearchSql(string search)
    {
        var terms = SearchKeys.Terms(search);
        if (terms.Count == 0) return null;
        var sql = string.Join(" or ", terms.Select(_ =>
            $"(coalesce(d.{CustomerStorage.SearchTextColumn} like ?, false) and d.{CustomerStorage.SearchGramsColumn} @> ?)"));
        object[] arguments = [.. terms.SelectMany(t => new object[] { t.ContainsPattern(), t.Grams.ToArray() })];
        return ($"({sql})", arguments);
    }

    /// <summary>The cursor of another list, or of this one with a key its sort cannot have, is refused (400).</summary>
    public KeysetCursor? ReadCursor(string? cursor, ValidationErrors errors)
    {
        var read = KeysetCursor.Read(cursor, SortOrder, errors);
        if (read is not null && SortOrder.TrimStart('-') == "registeredAt"
            && !DateTimeOffset.TryParseExact(read.Key, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add("cursor", "'cursor' is not one this list gave out.");
            return null;
        }
        return read;
    }

    /// <summary>Where the next page starts: after the given row in the sort order in force.</summary>
    public KeysetCursor CursorAfter(Customer last) => new(SortOrder,
        SortOrder.TrimStart('-') == "registeredAt" ? last.RegisteredAt.ToString("O", CultureInfo.InvariantCulture) : last.Name,
        last.Id);

    /// <summary>
    /// "After the cursor's row" for each sort, written against the very expressions Marten orders
    /// by (<c>d.data ->> 'name'</c>, <c>mt_immutable_timestamptz(d.data ->> 'registeredAt')</c>, then
    /// <c>d.id</c>), so the comparison and the order agree on collation and time precision: the
    /// cursor's time is parsed from its full text by the same function, not rounded by the driver.
    /// </summary>
    private static string AfterSql(string sort)
    {
        const string name = "d.data ->> 'name'";
        const string registered = "public.mt_immutable_timestamptz(d.data ->> 'registeredAt')";
        const string key = "public.mt_immutable_timestamptz(?)";
        return sort switch
        {
            "-name" => $"({name} < ? or ({name} = ? and d.id > ?))",
            "registeredAt" => $"({registered} > {key} or ({registered} = {key} and d.id > ?))",
            "-registeredAt" => $"({registered} < {key} or ({registered} = {key} and d.id > ?))",
            _ => $"({name} > ? or ({name} = ? and d.id > ?))",
        };
    }

    /// <summary>The filter as given, for the export's audit event.</summary>
    public IReadOnlyDictionary<string, string> Described() => new Dictionary<string, string?>
    {
        ["category"] = Category, ["grade"] = Grade, ["ownerId"] = OwnerId?.ToString(), ["status"] = Status,
        ["search"] = Search, ["sort"] = Sort, ["branch"] = Branch,
    }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
}
