using KerasBridge.Tests.Support;

namespace KerasBridge.Tests.Lesson;

public sealed class DataTableTests
{
    private static DataTable Parse(string text) => DataTable.ParseCsv(new StringReader(text));

    [Fact]
    public void ReadsPenguinsAsTheLessonDoes()
    {
        var penguins = DataTable.ReadCsv(Path.Combine(TestPaths.Fixtures, "penguins.csv"));
        Assert.Equal((344, 7), penguins.Shape);
        Assert.Equal(["Adelie", "Chinstrap", "Gentoo"], penguins.Unique("species"));
        Assert.Equal(["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"], penguins.NumericColumns);
        Assert.Equal(2, penguins.MissingCounts()["body_mass_g"]);
        Assert.Equal(11, penguins.MissingCounts()["sex"]);

        // penguins.drop(columns=['island', 'sex']).dropna()
        var filtered = penguins.DropColumns("island", "sex").DropNA();
        Assert.Equal((342, 5), filtered.Shape);
        var features = filtered.ToFloatMatrix("bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g");
        Assert.Equal(39.1f, features[0, 0]);
        Assert.Equal(3750f, features[0, 3]);
        Assert.Equal(features, filtered.ToFloatMatrix());

        var target = filtered.OneHot("species");
        Assert.Equal(["Adelie", "Chinstrap", "Gentoo"], target.Classes);
        Assert.Equal(342, target.Values.GetLength(0));
        Assert.Equal(new float[] { 1, 0, 0 }, Enumerable.Range(0, 3).Select(j => target.Values[0, j]));
        Assert.Equal(filtered.Strings("species"), target.Decode(target.Values));
        Assert.Equal(342f, target.Values.Cast<float>().Sum());
        Assert.Contains("[5 rows x 7 columns]", penguins.Head().ToString());
    }

    [Fact]
    public void ParsesQuotesMissingValuesAndGetDummiesOrder()
    {
        var table = Parse("name,score,group\r\n\"Smith, J\",1.5,b\n\"say \"\"hi\"\"\",NA,a\nplain,,\n");
        Assert.Equal(3, table.RowCount);
        Assert.Equal("Smith, J", table[0, "name"]);
        Assert.Equal("say \"hi\"", table[1, "name"]);
        Assert.Null(table[1, "score"]);
        Assert.True(table.IsNumeric("score"));
        Assert.False(table.IsNumeric("name"));
        Assert.Equal(1.5, table.Numbers("score")[0]);
        Assert.True(double.IsNaN(table.Numbers("score")[2]));
        var dummies = table.OneHot("group");
        Assert.Equal(["a", "b"], dummies.Classes);
        Assert.Equal(new float[,] { { 0, 1 }, { 1, 0 }, { 0, 0 } }, dummies.Values);
        Assert.Throws<InvalidOperationException>(() => table.ToFloatMatrix("score"));
        Assert.Equal(1, table.DropNA().RowCount);
        Assert.Equal(2, table.DropNA(["group"]).RowCount);
    }

    [Fact]
    public void ReportsBadInputWithNamesAndLines()
    {
        var table = Parse("a,b\n1,x\n");
        Assert.Equal("column", Assert.Throws<ArgumentException>(() => table.Numbers("nope")).ParamName);
        var notNumber = Assert.Throws<ArgumentException>(() => table.ToFloatMatrix("b"));
        Assert.Equal("columns", notNumber.ParamName);
        Assert.Contains("'x'", notNumber.Message);
        Assert.Equal("columns", Assert.Throws<ArgumentException>(() => table.DropColumns("c")).ParamName);
        var ragged = Assert.Throws<InvalidDataException>(() => Parse("a,b\n1,2\n3\n"));
        Assert.Contains("line 3", ragged.Message);
        Assert.Throws<InvalidDataException>(() => Parse("a,a\n1,2\n"));
        Assert.Throws<InvalidDataException>(() => Parse("a\n\"open\n"));
        Assert.Throws<FileNotFoundException>(() => DataTable.ReadCsv("/nonexistent/penguins.csv"));
    }
}
