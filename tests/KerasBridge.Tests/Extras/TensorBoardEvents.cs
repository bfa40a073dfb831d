using System.Buffers.Binary;
using Google.Protobuf;

namespace KerasBridge.Tests.Extras;

/// <summary>
/// A reader of TensorBoard event files written from the format's specification, independent of the writer under
/// test: TFRecord framing checked with a bitwise CRC32C, and Event / Summary / TensorProto messages decoded with
/// Google.Protobuf's CodedInputStream (field numbers of tensorflow/core/util/event.proto,
/// tensorflow/core/framework/summary.proto and tensor.proto).
/// </summary>
internal static class TensorBoardEvents
{
    public sealed record Value(string Tag, string? Plugin, int DType, long[] Shape, byte[] Content, List<float> FloatVal, List<byte[]> StringVal)
    {
        /// <summary>A 0-d float tensor's value (tensor_content or float_val).</summary>
        public float Scalar => FloatVal.Count > 0 ? FloatVal[0] : BinaryPrimitives.ReadSingleLittleEndian(Content);

        /// <summary>A DT_DOUBLE tensor's values, row-major.</summary>
        public double[] Doubles => Enumerable.Range(0, Content.Length / 8).Select(i => BinaryPrimitives.ReadDoubleLittleEndian(Content.AsSpan(8 * i))).ToArray();
    }

    public sealed record Event(double WallTime, long Step, string? FileVersion, List<Value> Values);

    /// <summary>Every event of the one event file in <paramref name="directory"/>.</summary>
    public static List<Event> ReadDirectory(string directory)
    {
        var files = Directory.GetFiles(directory, "events.out.tfevents.*");
        Assert.True(files.Length == 1, $"expected one event file in {directory}; found {files.Length}");
        return Read(files[0]);
    }

    public static List<Event> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<Event>();
        var at = 0;
        while (at < bytes.Length)
        {
            Assert.True(bytes.Length - at >= 12, $"{path}: truncated record header at {at}");
            var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
            Assert.Equal(Masked(bytes.AsSpan(at, 8)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8)));
            var data = bytes.AsSpan(at + 12, length);
            Assert.Equal(Masked(data), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + length)));
            events.Add(ParseEvent(data.ToArray()));
            at += 12 + length + 4;
        }
        return events;
    }

    /// <summary>CRC32C bit by bit (reflected Castagnoli polynomial), masked as TFRecord does.</summary>
    private static uint Masked(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }
        crc = ~crc;
        return unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
    }

    private static Event ParseEvent(byte[] data)
    {
        var input = new CodedInputStream(data);
        double wall = 0;
        long step = 0;
        string? version = null;
        var values = new List<Value>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: wall = input.ReadDouble(); break;
                case 2: step = input.ReadInt64(); break;
                case 3: version = input.ReadString(); break;
                case 5: values.AddRange(ParseSummary(input.ReadBytes().ToByteArray())); break;
                default: input.SkipLastField(); break;
            }
        }
        return new Event(wall, step, version, values);
    }

    private static IEnumerable<Value> ParseSummary(byte[] data)
    {
        var input = new CodedInputStream(data);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                yield return ParseValue(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }
    }

    private static Value ParseValue(byte[] data)
    {
        var input = new CodedInputStream(data);
        string name = "";
        string? plugin = null;
        int dtype = 0;
        var shape = new List<long>();
        var content = Array.Empty<byte>();
        var floats = new List<float>();
        var strings = new List<byte[]>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: name = input.ReadString(); break;
                case 9: plugin = PluginName(input.ReadBytes().ToByteArray()); break;
                case 8:
                    var tensor = new CodedInputStream(input.ReadBytes().ToByteArray());
                    uint t;
                    while ((t = tensor.ReadTag()) != 0)
                    {
                        switch (WireFormat.GetTagFieldNumber(t))
                        {
                            case 1: dtype = tensor.ReadEnum(); break;
                            case 2: shape.AddRange(Dims(tensor.ReadBytes().ToByteArray())); break;
                            case 4: content = tensor.ReadBytes().ToByteArray(); break;
                            case 5 when WireFormat.GetTagWireType(t) == WireFormat.WireType.Fixed32: floats.Add(tensor.ReadFloat()); break;
                            case 8: strings.Add(tensor.ReadBytes().ToByteArray()); break;
                            default: tensor.SkipLastField(); break;
                        }
                    }
                    break;
                default: input.SkipLastField(); break;
            }
        }
        return new Value(name, plugin, dtype, shape.ToArray(), content, floats, strings);
    }

    private static string? PluginName(byte[] metadata)
    {
        var input = new CodedInputStream(metadata);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) != 1)
            {
                input.SkipLastField();
                continue;
            }
            var plugin = new CodedInputStream(input.ReadBytes().ToByteArray());
            uint p;
            while ((p = plugin.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(p) == 1)
                {
                    return plugin.ReadString();
                }
                plugin.SkipLastField();
            }
        }
        return null;
    }

    private static IEnumerable<long> Dims(byte[] shape)
    {
        var input = new CodedInputStream(shape);
        uint tag;
        var dims = new List<long>();
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) != 2)
            {
                input.SkipLastField();
                continue;
            }
            var dim = new CodedInputStream(input.ReadBytes().ToByteArray());
            uint d;
            while ((d = dim.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(d) == 1)
                {
                    dims.Add(dim.ReadInt64());
                }
                else
                {
                    dim.SkipLastField();
                }
            }
        }
        return dims;
    }

    /// <summary>(step, value) of every scalar with this tag, in file order.</summary>
    public static List<(long Step, float Value)> Scalars(List<Event> events, string tag) =>
        events.SelectMany(e => e.Values.Where(v => v.Tag == tag).Select(v => (e.Step, v.Scalar))).ToList();
}
