using System.Globalization;

namespace Crm.Simulator;

/// <summary>
/// How much demo business to create. small runs in well under a minute; its 24 customers per branch
/// cover each of the 7 default categories in every grade. large is 100,000 customers over the three
/// demo branches (CSV import) and 218,000 orders of 1-9 lines (4.6 on average), about 1,000,000 order lines over three
/// years, with their payments, through the order import in batches; it resumes where a cut-short run stopped.
/// </summary>
public sealed record SeedSize(string Name, int CustomersPerBranch, int Orders, int Products, int LeadsPerBranch, int OpportunitiesPerBranch, int TicketsPerBranch)
{
    /// <summary>Customers by CSV import and orders by the order import in batches, with a checkpoint: for sizes far beyond small.</summary>
    public bool Bulk { get; init; }
    public int MaxLinesPerOrder { get; init; } = 3;
    /// <summary>Requests in flight at once while importing orders in bulk.</summary>
    public int Parallelism { get; init; } = 8;
    /// <summary>Orders per request to the order import (at most its 1,000, and under the gateway's 1 MiB body limit).</summary>
    public int OrdersPerBatch { get; init; } = 500;

    public static readonly SeedSize Small = new("small", 24, 200, 12, 10, 12, 12);
    public static readonly SeedSize Large = new("large", 33_334, 218_000, 30, 40, 50, 60) { Bulk = true, MaxLinesPerOrder = 9, Parallelism = 4 };

    public static SeedSize? Parse(string name) => name switch { "small" => Small, "large" => Large, _ => null };

    /// <summary>The same shape with fewer customers and orders (at least one of each combination), to measure a size's rate.</summary>
    public SeedSize Scaled(double factor) => factor == 1 ? this : this with
    {
        Name = $"{Name}x{factor.ToString(CultureInfo.InvariantCulture)}",
        CustomersPerBranch = Math.Max(21, (int)Math.Round(CustomersPerBranch * factor)),
        Orders = Math.Max(50, (int)Math.Round(Orders * factor)),
    };
}
