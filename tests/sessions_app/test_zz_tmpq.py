from tests.sessions_app.test_load_data import *  # noqa

def test_q(province):
    cell = Organisation.objects.get(slug="load-cb-1")
    with time_machine.travel(TODAY, tick=False):
        who, url = main_pages(cell)["minutes editor"]
        client = signed_in(who)
        client.get(url)
        with CaptureQueriesContext(connection) as q:
            client.get(url)
        for x in q:
            print(x["sql"][:160])
    assert 0
