using System.Buffers.Binary;

namespace KerasBridge.Tests.Support;

/// <summary>Reads a PNG file's header: the signature, the IHDR chunk's width and height, and the final IEND chunk.</summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public sealed record Info(int Width, int Height, long Bytes);

    /// <summary>Fails the test unless the file is a complete PNG; returns its size in pixels and bytes.</summary>
    public static Info Read(string path)
    {
        Assert.True(File.Exists(path), $"expected a PNG at {path}");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path}: {bytes.Length} bytes is too short for a PNG");
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(Signature), $"{path}: not a PNG signature");
        Assert.Equal(13, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8, 4)));
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        var width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4));
        Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(bytes, bytes.Length - 8, 4));
        return new Info(width, height, bytes.Length);
    }

    /// <summary>A complete PNG of at least 300×200 pixels and more than 10 KB (a real chart, not an empty canvas).</summary>
    public static Info RequireChart(string path)
    {
        var info = Read(path);
        Assert.True(info.Width >= 300 && info.Height >= 200, $"{path}: {info.Width}×{info.Height} is smaller than 300×200");
        Assert.True(info.Bytes > 10 * 1024, $"{path}: {info.Bytes} bytes is not more than 10 KB");
        return info;
    }
}
