"""Official lines as printed in the two reports (known answers cite seed file and line)."""

import pytest
from hypothesis import given, strategies as st

from povecon.china.lines import official_line, poverty_lines
from povecon.errors import DataError, InputError


def test_known_lines():
    # 《新疆南疆脱贫攻坚的政策实践案例调查研究》 (000_976a2d44ee9a927f.txt) line 607: 1985, 206 yuan
    assert float(official_line(1985)) == 206.0
    # same report, line 956: 1196 yuan at end-2010, raised to 2300 yuan in 2011
    assert float(official_line(2010)) == 1196.0
    assert float(official_line(2011)) == 2300.0
    # 《贫困退出背景下南疆深度贫困地区防返贫机制研究》 (002_9ed149d90c19c988.txt) line 168: 2300 yuan in 2014
    line = official_line(2014)
    assert (line.value, line.source_file, line.source_line) == (2300.0, "002_9ed149d90c19c988.txt", 168)
    # LUO line 1062: national mean rural dibao 2068 (2012) and 5842 (2020 Q3)
    assert float(official_line(2012, standard="rural_dibao_mean")) == 2068.0
    assert float(official_line(2020, standard="rural_dibao_mean")) == 5842.0
    # RTP line 440: Xinjiang rural dibao floor 3732 from July 2019
    assert float(official_line(2019, standard="xinjiang_rural_dibao_min")) == 3732.0


def test_year_not_held_raises_data_error_naming_years():
    with pytest.raises(DataError, match="no .national. line for 2012") as err:
        official_line(2012)  # between 2011 and 2014: never interpolated
    assert "2011" in str(err.value)
    with pytest.raises(DataError):
        official_line(1990)


def test_bad_arguments():
    with pytest.raises(InputError, match="unknown standard"):
        official_line(2011, standard="2300")
    with pytest.raises(InputError, match="integer"):
        official_line(2011.5)
    with pytest.raises(InputError):
        official_line("2011")


def test_frame_is_sorted_unique_and_a_copy():
    df = poverty_lines()
    assert not df.duplicated(["standard", "year"]).any()
    assert df.equals(df.sort_values(["standard", "year"], ignore_index=True))
    df.loc[0, "value"] = -1.0
    assert (poverty_lines()["value"] > 0).all()


@given(st.integers(min_value=1949, max_value=2030))
def test_every_year_is_held_exactly_or_refused(year):
    held = poverty_lines()
    held = held[held["standard"] == "national"].set_index("year")["value"]
    if year in held.index:
        assert float(official_line(year)) == held[year]
    else:
        with pytest.raises(DataError):
            official_line(year)


def test_old_names_warn_and_give_the_same_answer():
    import povecon as pe

    with pytest.warns(DeprecationWarning, match="official_line"):
        old = pe.china.poverty_line(2014)
    assert old == official_line(2014)
    with pytest.warns(DeprecationWarning, match="source_file"):
        assert old.seed == old.source_file == "002_9ed149d90c19c988.txt"
    with pytest.warns(DeprecationWarning, match="source_line"):
        assert old.line == old.source_line == 168
    cols = list(poverty_lines().columns)
    assert "source_file" in cols and "source_line" in cols and "seed" not in cols and "line" not in cols
