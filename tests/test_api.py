"""The Python API: ``extract`` one caption, ``extract_many`` a stream of them."""

from __future__ import annotations

import captionie

TEXT = ("Expedition 53 Commander Randy Bresnik of NASA lands in the Soyuz MS-05 near Zhezkazgan, "
        "Kazakhstan, Wednesday, Dec. 13, 2017. Photo Credit: (NASA/Bill Ingalls)")


def test_extract_many_matches_extract_and_keeps_order() -> None:
    texts = [TEXT, "nothing here", "Expedition 7 crew", {"text": "Soyuz TMA-12", "id": "x"}, {"bad": 1}]
    records = list(captionie.extract_many(texts, n_process=2, batch_size=2))
    assert [r["id"] for r in records] == ["0", "1", "2", "x", "4"]
    assert records[0]["crew"] == captionie.extract(TEXT)["crew"]
    assert "error" in records[4]
