using System.IO.Compression;

namespace KerasBridge;

/// <summary>
/// numpy's <c>np.load</c> / <c>np.save</c> / <c>np.savez</c> for .npy and .npz files, read and written in C# (no Python
/// needed): numeric and bool dtypes of either byte order, C or Fortran order, any rank. A .npy element type maps to
/// its .NET type (float32 → float, float64 → double, int64 → long, uint8 → byte, bool → bool, float16 → Half);
/// a 0-d array is read as a one-element vector.
/// </summary>
public static class Numpy
{
    /// <summary><c>np.load("x.npy")</c>: the array, e.g. a <c>double[,]</c> for a 2-d float64 file.</summary>
    /// <exception cref="InvalidDataException">Not a .npy file, truncated, or a dtype other than numeric/bool.</exception>
    public static Array Load(string path)
    {
        RequirePath(path);
        using var stream = File.OpenRead(path);
        return NpyFormat.Read(stream, path);
    }

    /// <summary>
    /// <c>np.load("x.npy")</c> as <typeparamref name="TArray"/>, e.g. <c>Numpy.Load&lt;float[,]&gt;("x.npy")</c>; elements of
    /// another numeric type are converted (as <c>np.asarray(a, dtype)</c> would), a different rank is an error.
    /// </summary>
    public static TArray Load<TArray>(string path) where TArray : class => Convert<TArray>(Load(path), path);

    /// <summary><c>np.load("data.npz")</c>: every array of the archive by name (the member names without ".npy").</summary>
    public static IReadOnlyDictionary<string, Array> LoadNpz(string path)
    {
        RequirePath(path);
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a .npz file (a zip archive of .npy files): {e.Message}", e);
        }
        using (archive)
        {
            var arrays = new Dictionary<string, Array>();
            foreach (var entry in archive.Entries.Where(e => e.Name.Length > 0))
            {
                var name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
                using var stream = entry.Open();
                arrays[name] = NpyFormat.Read(stream, $"{path}:{entry.FullName}");
            }
            return arrays;
        }
    }

    /// <summary>
    /// <c>np.save(path, array)</c>: writes a version 1.0 .npy file (C order, little endian) atomically; ".npy" is added
    /// when the path has another extension, as numpy does. Returns the full path written.
    /// </summary>
    public static string Save(string path, Array array)
    {
        RequirePath(path);
        ArgumentNullException.ThrowIfNull(array);
        if (!path.EndsWith(".npy", StringComparison.Ordinal))
        {
            path += ".npy";
        }
        return WriteAtomically(path, stream => NpyFormat.Write(stream, array, nameof(array)));
    }

    /// <summary><c>np.savez(path, name=array, ...)</c> (or <c>np.savez_compressed</c> with <paramref name="compressed"/>); ".npz" is added when missing.</summary>
    public static string SaveNpz(string path, IReadOnlyDictionary<string, Array> arrays, bool compressed = false)
    {
        RequirePath(path);
        ArgumentNullException.ThrowIfNull(arrays);
        if (!path.EndsWith(".npz", StringComparison.Ordinal))
        {
            path += ".npz";
        }
        return WriteAtomically(path, stream =>
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (name, array) in arrays)
            {
                if (string.IsNullOrEmpty(name) || array is null)
                {
                    throw new ArgumentException($"Expected named, non-null arrays; got '{name}' = {(array is null ? "null" : "an array")}.", nameof(arrays));
                }
                var entry = archive.CreateEntry(name + ".npy", compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using var entryStream = entry.Open();
                NpyFormat.Write(entryStream, array, nameof(arrays));
            }
        });
    }

    private static string WriteAtomically(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
        return full;
    }

    private static void RequirePath(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"Expected a file path; got {(path is null ? "null" : $"'{path}'")}.", nameof(path));
        }
    }

    private static TArray Convert<TArray>(Array array, string path) where TArray : class
    {
        if (array is TArray same)
        {
            return same;
        }
        var type = typeof(TArray);
        if (!type.IsArray || type.GetArrayRank() != array.Rank || type.GetElementType()!.IsArray)
        {
            throw new InvalidCastException(
                $"'{path}' holds a {array.GetType().GetElementType()!.Name}{Rank(array.Rank)} (shape {string.Join("x", Enumerable.Range(0, array.Rank).Select(array.GetLength))}); "
                + $"it cannot be read as {type.Name}.");
        }
        var element = type.GetElementType()!;
        var dims = Enumerable.Range(0, array.Rank).Select(array.GetLength).ToArray();
        var result = Array.CreateInstance(element, dims);
        var index = new int[array.Rank];
        for (var i = 0; i < array.Length; i++)
        {
            var value = array.GetValue(index)!;
            result.SetValue(value is Half h
                ? System.Convert.ChangeType((double)h, element, System.Globalization.CultureInfo.InvariantCulture)
                : element == typeof(Half) ? (Half)System.Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)
                : System.Convert.ChangeType(value, element, System.Globalization.CultureInfo.InvariantCulture), index);
            for (var k = array.Rank - 1; k >= 0; k--)
            {
                if (++index[k] < dims[k])
                {
                    break;
                }
                index[k] = 0;
            }
        }
        return (TArray)(object)result;
    }

    private static string Rank(int rank) => "[" + new string(',', rank - 1) + "]";
}
