using Crm.Tickets.Domain;

namespace Crm.Tickets.Customers;

/// <summary>
/// The little tickets keeps of each customer (ARCHITECTURE rule 1): its name and branch for the
/// ticket, its owner (reps open tickets for their own customers) and its grade (VIP targets).
/// </summary>
public sealed record CustomerReplica(Guid Id, string Branch, string Name, Guid? OwnerId, CustomerGrade Grade)
{
    /// <summary>Public events carry grades as the API's words: vip, key, normal. An unknown word counts as normal.</summary>
    public static CustomerGrade GradeOf(string? word) =>
        Enum.TryParse<CustomerGrade>(word, ignoreCase: true, out var grade) && Enum.IsDefined(grade) ? grade : CustomerGrade.Normal;
}
