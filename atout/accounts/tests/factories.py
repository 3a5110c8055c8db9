import factory

from atout.accounts.models import Membership, Organisation, Role, User

TEST_PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisme {n}")
    kind = Organisation.Kind.EMPLOYABILITY
    street_address = "123, rue Saint-Joseph Est"
    city = "Québec"
    postal_code = "G1K 3A9"


class CleFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"CLE de test {n}")
    kind = Organisation.Kind.CLE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@atout.test")
    full_name = factory.Faker("name", locale="fr_CA")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.COUNSELLOR


def member(organisation: Organisation, role: str, **user_fields) -> User:
    """A user holding one role in one organisation."""
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user
