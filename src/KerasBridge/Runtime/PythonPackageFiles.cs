using System.Reflection;
using System.Security.Cryptography;

namespace KerasBridge;

/// <summary>
/// The library's own Python package ships as embedded resources; this writes it once to a cache folder
/// named after a hash of its contents, so upgrades never mix old and new files.
/// </summary>
internal static class PythonPackageFiles
{
    private const string Prefix = "kbpy/";

    /// <summary>Extracts the package (if not already there) and returns the folder to put on sys.path.</summary>
    public static string Extract()
    {
        var assembly = typeof(PythonPackageFiles).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => (RelativePath: n[Prefix.Length..], Content: Read(assembly, n)))
            .ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException("The KerasBridge assembly carries no Python files; it was built incorrectly.");
        }

        var hash = Hash(files);
        foreach (var root in CacheRoots())
        {
            var target = Path.Combine(root, "python-" + hash);
            try
            {
                if (!Directory.Exists(target))
                {
                    WriteAtomically(target, files);
                }
                return target;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not writable (read-only home, sandbox): try the next cache root.
            }
        }
        throw new IOException("Could not extract KerasBridge's Python files to any cache folder (tried: "
                              + string.Join(", ", CacheRoots()) + "). Set KERASBRIDGE_CACHE to a writable folder.");
    }

    private static IEnumerable<string> CacheRoots()
    {
        var configured = Environment.GetEnvironmentVariable("KERASBRIDGE_CACHE");
        if (!string.IsNullOrEmpty(configured))
        {
            yield return configured;
        }
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg))
        {
            yield return Path.Combine(xdg, "kerasbridge");
        }
        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        if (!string.IsNullOrEmpty(local))
        {
            yield return Path.Combine(local, "kerasbridge");
        }
        yield return Path.Combine(Path.GetTempPath(), "kerasbridge-" + Environment.UserName);
    }

    private static void WriteAtomically(string target, List<(string RelativePath, byte[] Content)> files)
    {
        var staging = target + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            foreach (var (relative, content) in files)
            {
                var path = Path.Combine(staging, relative.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, content);
            }
            Directory.Move(staging, target);
        }
        catch (IOException) when (Directory.Exists(target))
        {
            // Another process extracted the same content first: theirs is identical.
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static string Hash(List<(string RelativePath, byte[] Content)> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (relative, content) in files)
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(relative + "\0"));
            sha.AppendData(content);
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
    }
}
