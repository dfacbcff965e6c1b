from community_hub.core.wording import count_of


def test_counts_read_as_people_write_them():
    assert [count_of(n, "review") for n in (0, 1, 2, 1200)] == ["0 reviews", "1 review", "2 reviews", "1,200 reviews"]
    assert count_of(1, "household") == "1 household" and count_of(3, "person", "people") == "3 people"
