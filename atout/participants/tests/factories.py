import factory
from django.core.files.base import ContentFile

from atout.accounts.tests.factories import OrganisationFactory, UserFactory
from atout.participants.models import Attachment, JournalNote, Participant

PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000b4944415478da636000020000050001e9fadcd80000000049454e44ae426082"
)  # a complete 1 x 1 PNG: uploads now refuse a PNG whose chunks do not reach IEND


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    organisation = factory.SubFactory(OrganisationFactory)
    given_names = factory.Faker("first_name", locale="fr_CA")
    family_name = factory.Faker("last_name", locale="fr_CA")
    email = factory.Sequence(lambda n: f"participant{n}@exemple.ca")
    city = "Québec"
    mobile_phone = "4185550142"


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JournalNote

    participant = factory.SubFactory(ParticipantFactory)
    author = factory.SubFactory(UserFactory)
    text = "Première rencontre : objectifs discutés."


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    participant = factory.SubFactory(ParticipantFactory)
    kind = Attachment.Kind.PHOTO
    original_name = "photo.png"
    content_type = "image/png"
    size = len(PNG_BYTES)
    file = factory.LazyFunction(lambda: ContentFile(PNG_BYTES, name="photo.png"))
