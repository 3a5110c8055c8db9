"""The superuser's home page leads to the administration site instead of a dead end."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from atout.accounts.tests.factories import TEST_PASSWORD, UserFactory

HOME = reverse("home")
ASK = "Your account is not attached to an organisation yet. Ask your administrator to add you."


def test_superuser_home_links_the_admin(client_for, db):
    superuser = get_user_model().objects.create_superuser("root@exemple.ca", TEST_PASSWORD)
    client = client_for(superuser)
    response = client.get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("admin:index")}"' in html
    assert translation.gettext(ASK) not in html
    # The link leads somewhere the superuser may go.
    assert client.get(reverse("admin:index")).status_code == 200


def test_user_without_organisation_gets_no_admin_link(client_for, db):
    html = client_for(UserFactory()).get(HOME).content.decode()
    assert reverse("admin:index") not in html
    assert translation.gettext(ASK) in html  # guards the check above
