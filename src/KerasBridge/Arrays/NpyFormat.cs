using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace KerasBridge;

/// <summary>
/// numpy's .npy format (numpy/lib/format.py, versions 1.0–3.0): the magic "\x93NUMPY", the version, a little-endian
/// header length (2 bytes in 1.0, 4 in 2.0/3.0), a header that is a Python dict literal with 'descr', 'fortran_order'
/// and 'shape', then the raw elements, C order or Fortran order.
/// </summary>
internal static partial class NpyFormat
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private static readonly Dictionary<string, Type> Kinds = new()
    {
        ["f2"] = typeof(Half), ["f4"] = typeof(float), ["f8"] = typeof(double),
        ["i1"] = typeof(sbyte), ["i2"] = typeof(short), ["i4"] = typeof(int), ["i8"] = typeof(long),
        ["u1"] = typeof(byte), ["u2"] = typeof(ushort), ["u4"] = typeof(uint), ["u8"] = typeof(ulong),
        ["b1"] = typeof(bool),
    };

    public static Array Read(Stream stream, string source)
    {
        var prefix = ReadExactly(stream, 8, source, "the magic string and version");
        if (!prefix.AsSpan(0, 6).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{source}' is not a .npy file: it does not start with numpy's magic string \\x93NUMPY.");
        }
        var major = prefix[6];
        if (major is < 1 or > 3)
        {
            throw new InvalidDataException($"'{source}' is .npy format version {major}.{prefix[7]}; versions 1.0 to 3.0 are supported.");
        }
        var lengthBytes = ReadExactly(stream, major == 1 ? 2 : 4, source, "the header length");
        var headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : (int)BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(ReadExactly(stream, headerLength, source, "the header"));
        var (descr, fortran, shape) = ParseHeader(header, source);

        var order = descr[0];
        var kind = descr[1..];
        if (order is not ('<' or '>' or '|' or '=') || !Kinds.TryGetValue(kind, out var type))
        {
            throw new InvalidDataException(
                $"'{source}' holds dtype '{descr}'; supported dtypes: {string.Join(", ", Kinds.Keys)} (numeric and bool, either byte order).");
        }
        var size = Marshal.SizeOf(type == typeof(bool) ? typeof(byte) : type);
        long count = 1;
        foreach (var d in shape)
        {
            count *= d;
        }
        var data = ReadExactly(stream, checked((int)(count * size)), source, $"the {count} elements of shape ({string.Join(", ", shape)})");
        if (order == '>' && size > 1)
        {
            for (var i = 0; i < data.Length; i += size)
            {
                Array.Reverse(data, i, size);
            }
        }
        // numpy's 0-d arrays become one-element vectors (.NET has no rank-0 arrays).
        var dims = shape.Length == 0 ? [1] : shape;
        var array = Array.CreateInstance(type, dims);
        var target = Bytes(array);
        if (!fortran || dims.Length == 1)
        {
            data.CopyTo(target);
        }
        else
        {
            FortranToC(data, target, dims, size);
        }
        return array;
    }

    public static void Write(Stream stream, Array array, string argument)
    {
        var type = array.GetType().GetElementType()!;
        if (type.IsArray)
        {
            throw new ArgumentException($"Expected a rectangular array such as float[,]; got a jagged {array.GetType().Name}.", argument);
        }
        var kind = Kinds.FirstOrDefault(k => k.Value == type).Key
            ?? throw new ArgumentException($"Expected an array of {string.Join(", ", Kinds.Values.Select(t => t.Name))}; got {array.GetType().Name}.", argument);
        var size = Marshal.SizeOf(type == typeof(bool) ? typeof(byte) : type);
        var descr = (size == 1 ? "|" : "<") + kind;
        var dims = Enumerable.Range(0, array.Rank).Select(array.GetLength).ToArray();
        var shape = dims.Length == 1 ? $"({dims[0]},)" : "(" + string.Join(", ", dims) + ")";
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        // numpy pads the header with spaces and a newline so the data starts on a 64-byte boundary.
        var total = Magic.Length + 2 + 2 + header.Length + 1;
        var padded = header + new string(' ', (64 - total % 64) % 64) + "\n";
        var major = padded.Length > ushort.MaxValue ? 2 : 1;
        if (major == 2)
        {
            total = Magic.Length + 2 + 4 + header.Length + 1;
            padded = header + new string(' ', (64 - total % 64) % 64) + "\n";
        }
        stream.Write(Magic);
        stream.Write([(byte)major, 0]);
        var length = new byte[major == 1 ? 2 : 4];
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)padded.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)padded.Length);
        }
        stream.Write(length);
        stream.Write(Encoding.Latin1.GetBytes(padded));
        var bytes = Bytes(array);
        if (!BitConverter.IsLittleEndian && size > 1)
        {
            throw new PlatformNotSupportedException("Writing .npy files needs a little-endian machine.");
        }
        stream.Write(bytes);
    }

    /// <summary>The array's elements as bytes (row-major, as .NET stores rectangular arrays).</summary>
    private static Span<byte> Bytes(Array array)
    {
        var size = Marshal.SizeOf(array.GetType().GetElementType() == typeof(bool) ? typeof(byte) : array.GetType().GetElementType()!);
        return MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(array), checked(array.Length * size));
    }

    private static void FortranToC(byte[] source, Span<byte> target, int[] dims, int size)
    {
        var rank = dims.Length;
        var index = new int[rank];
        var strides = new long[rank];
        strides[0] = 1;
        for (var k = 1; k < rank; k++)
        {
            strides[k] = strides[k - 1] * dims[k - 1];
        }
        var count = target.Length / size;
        for (var c = 0; c < count; c++)
        {
            long f = 0;
            for (var k = 0; k < rank; k++)
            {
                f += index[k] * strides[k];
            }
            source.AsSpan((int)(f * size), size).CopyTo(target.Slice(c * size, size));
            for (var k = rank - 1; k >= 0; k--)
            {
                if (++index[k] < dims[k])
                {
                    break;
                }
                index[k] = 0;
            }
        }
    }

    private static (string Descr, bool Fortran, int[] Shape) ParseHeader(string header, string source)
    {
        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shape.Success)
        {
            throw new InvalidDataException(
                $"'{source}' has a .npy header numpy did not write or a dtype that is not a plain type (structured or object arrays are not supported): {header.Trim()}");
        }
        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.Parse(d.TrimEnd('L'), CultureInfo.InvariantCulture)).ToArray();
        return (descr.Groups[1].Value, fortran.Groups[1].Value == "True", dims);
    }

    private static byte[] ReadExactly(Stream stream, int count, string source, string what)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = stream.Read(buffer, read, count - read);
            if (n == 0)
            {
                throw new InvalidDataException($"'{source}' is truncated: it ends before {what} ({read} of {count} bytes).");
            }
            read += n;
        }
        return buffer;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
