"""LUO-02: the poverty lines and standards the Luopu report prints."""

FINDINGS = ["LUO-02"]
TITLE = "Official poverty lines, poor-county criteria and dibao standards"


def run(ctx):
    df = ctx.load("luo_02_poverty_lines")
    table = df[["year", "entity", "quantity", "printed", "unit", "qualifier", "basis", "line"]]
    table = table.sort_values(["quantity", "year", "entity"], ignore_index=True)
    ctx.table("luo02_poverty_lines", table, latex=True, caption="Poverty lines and standards as printed")
    line = df.set_index("id")["value"]
    ratio = line["LUO-02.china.2011.poverty_line"] / line["LUO-02.china.2010.poverty_line"]
    ctx.text(
        f"The national line rises from 206 yuan (1985 income) to 1196 yuan (2010) and 2300 yuan (2011), "
        f"a factor of {ratio:.2f} between 2010 and 2011; the report prints no price basis for the "
        "2300-yuan line, so no series can be deflated from the report alone."
    )
