namespace KerasBridge;

/// <summary>Orders valid names by their closeness to a misspelled one (edit distance, ignoring case), for error messages.</summary>
internal static class Closest
{
    public static IEnumerable<string> Order(string given, IEnumerable<string> valid) =>
        valid.OrderBy(v => Distance(given.ToLowerInvariant(), v.ToLowerInvariant())).ThenBy(v => v, StringComparer.Ordinal);

    /// <summary>The nearest valid name, when it is near enough to suggest.</summary>
    public static string? Suggestion(string given, IEnumerable<string> valid)
    {
        var best = Order(given, valid).FirstOrDefault();
        return best is not null && Distance(given.ToLowerInvariant(), best.ToLowerInvariant()) <= Math.Max(2, given.Length / 3) ? best : null;
    }

    // Levenshtein distance.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
