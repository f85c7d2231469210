namespace Crm.Customers.Domain;

/// <summary>What a decision came to: the events to append, or why the command was refused.</summary>
public sealed record Decision(IReadOnlyList<object> Events, Refusal? Refused)
{
    public static Decision Of(params object[] events) => new(events, null);
    public static readonly Decision NothingToDo = new([], null);
    public static Decision Refuse(string reason, RefusalKind kind = RefusalKind.Conflict) => new([], new Refusal(kind, reason));
}

public sealed record Refusal(RefusalKind Kind, string Reason);

/// <summary>Conflict: the record's state forbids it (409). Missing: a part it names does not exist (404).</summary>
public enum RefusalKind { Conflict, Missing }
