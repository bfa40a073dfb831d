namespace KerasBridge;

/// <summary>Chooses the next trial's hyperparameter values (keras_tuner's Oracle.populate_space).</summary>
internal abstract class Oracle
{
    /// <summary>The values of the next trial, or null when the search space is exhausted.</summary>
    public abstract Dictionary<string, object>? Next(IReadOnlyList<HyperParameter> space, IReadOnlyList<Trial> trials);

    protected static bool Tried(IReadOnlyDictionary<string, object> values, IReadOnlyList<Trial> trials) =>
        trials.Any(t => Same(t.Hyperparameters.Values, values));

    protected static bool Same(IReadOnlyDictionary<string, object> a, IReadOnlyDictionary<string, object> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && Equals(v, kv.Value));
}

/// <summary>
/// keras_tuner's GridSearchOracle (keras_tuner/tuners/gridsearch.py): the first trial takes every default; each next one
/// bumps the last hyperparameter to its next value, resetting it to its default and bumping the one before when it has
/// no next value (the last hyperparameter varies fastest; each one's default comes first).
/// </summary>
internal sealed class GridOracle : Oracle
{
    public override Dictionary<string, object>? Next(IReadOnlyList<HyperParameter> space, IReadOnlyList<Trial> trials)
    {
        var current = trials.Count == 0 ? null : trials[^1].Hyperparameters.Values.ToDictionary(kv => kv.Key, kv => kv.Value);
        if (current is null)
        {
            return space.ToDictionary(h => h.Name, h => h.Default);
        }
        // Skips combinations an earlier (e.g. resumed) search already tried.
        while (true)
        {
            current = Bump(space, current);
            if (current is null || !Tried(current, trials))
            {
                return current;
            }
        }
    }

    private static Dictionary<string, object>? Bump(IReadOnlyList<HyperParameter> space, Dictionary<string, object> values)
    {
        var next = new Dictionary<string, object>(values);
        for (var i = space.Count - 1; i >= 0; i--)
        {
            var hp = space[i];
            var ordered = new List<object> { hp.Default };
            ordered.AddRange(hp.Values.Where(v => !Equals(v, hp.Default)));
            var value = next.TryGetValue(hp.Name, out var v) ? v : hp.Default;
            var at = ordered.FindIndex(o => Equals(o, value));
            if (at >= 0 && at < ordered.Count - 1)
            {
                next[hp.Name] = ordered[at + 1];
                return next;
            }
            next[hp.Name] = hp.Default;
        }
        return null;
    }
}

/// <summary>
/// keras_tuner's RandomSearchOracle (oracle.py _random_values): every hyperparameter drawn with
/// <c>random.Random(seed_state).random()</c>, seed_state counting up from the seed; a set of values already tried is
/// drawn again, up to 100 times (then the search stops).
/// </summary>
internal sealed class RandomOracle : Oracle
{
    private const int MaxCollisions = 100;
    private long _seedState;

    public RandomOracle(int? seed) => _seedState = seed ?? Random.Shared.Next(1, 10001);

    public override Dictionary<string, object>? Next(IReadOnlyList<HyperParameter> space, IReadOnlyList<Trial> trials)
    {
        var collisions = 0;
        while (true)
        {
            var values = new Dictionary<string, object>();
            foreach (var hp in space)
            {
                values[hp.Name] = hp.FromProbability(PythonRandom.First(_seedState));
                _seedState++;
            }
            if (!Tried(values, trials))
            {
                return values;
            }
            if (++collisions > MaxCollisions)
            {
                return null;
            }
        }
    }
}
