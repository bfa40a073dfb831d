namespace KerasBridge;

/// <summary>
/// Python's <c>random.Random(seed).random()</c> (CPython's Modules/_randommodule.c: MT19937 seeded by init_by_array with
/// the seed's 32-bit words, then genrand_res53), so a random search draws the values keras_tuner draws for a seed:
/// keras_tuner samples each hyperparameter with <c>random.Random(seed_state).random()</c>, seed_state counting up.
/// </summary>
internal static class PythonRandom
{
    private const int N = 624;
    private const int M = 397;

    public static double First(long seed)
    {
        var mt = new uint[N];
        var key = Words(Math.Abs(seed));
        InitByArray(mt, key);
        var index = N;
        uint Next()
        {
            if (index >= N)
            {
                Twist(mt);
                index = 0;
            }
            var y = mt[index++];
            y ^= y >> 11;
            y ^= (y << 7) & 0x9d2c5680u;
            y ^= (y << 15) & 0xefc60000u;
            y ^= y >> 18;
            return y;
        }
        var a = Next() >> 5;
        var b = Next() >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    private static uint[] Words(long value)
    {
        if (value == 0)
        {
            return [0];
        }
        var words = new List<uint>();
        var v = (ulong)value;
        while (v != 0)
        {
            words.Add((uint)(v & 0xffffffff));
            v >>= 32;
        }
        return words.ToArray();
    }

    private static void InitGenrand(uint[] mt, uint s)
    {
        mt[0] = s;
        for (var i = 1; i < N; i++)
        {
            mt[i] = unchecked(1812433253u * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint)i);
        }
    }

    private static void InitByArray(uint[] mt, uint[] key)
    {
        InitGenrand(mt, 19650218u);
        int i = 1, j = 0;
        for (var k = Math.Max(N, key.Length); k > 0; k--)
        {
            mt[i] = unchecked((mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j);
            i++;
            j++;
            if (i >= N)
            {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.Length)
            {
                j = 0;
            }
        }
        for (var k = N - 1; k > 0; k--)
        {
            mt[i] = unchecked((mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - (uint)i);
            i++;
            if (i >= N)
            {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000u;
    }

    private static void Twist(uint[] mt)
    {
        for (var k = 0; k < N; k++)
        {
            var y = (mt[k] & 0x80000000u) | (mt[(k + 1) % N] & 0x7fffffffu);
            mt[k] = mt[(k + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
        }
    }
}
