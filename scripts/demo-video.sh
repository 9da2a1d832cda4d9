#!/usr/bin/env bash
# Regenerates demo/live-demo.webm, the offline demo's stream: 8 s of a studio, drawn by ffmpeg alone
# (no image files): a host at a desk with products, holding up a serum, warm lamp light drifting
# across the wall, a ring light and a string of twinkling bulbs; quiet room tone under it. 360x640
# (a phone held upright), VP8 + Opus, ~130 KB, and it loops without a jump. Needs Debian's ffmpeg
# (apt-get install ffmpeg); the file is committed, so neither npm start nor CI needs ffmpeg.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=demo/live-demo.webm
FPS=15
DUR=8
FRAMES=$((FPS * DUR))
# Each still layer is drawn once (one frame, geq) and repeated; only overlays move. Every motion's
# period divides the 8 s, so the stream loops without a jump.
still() { echo "color=c=black@0:s=$1:r=${FPS}:d=0.0667,format=rgba,geq=$2,loop=loop=$((FRAMES - 1)):size=1,setpts=N/${FPS}/TB"; }
WALL="r='if(gte(Y,500),if(lt(Y,505),214,150-0.08*(Y-500)),70+0.12*Y)':g='if(gte(Y,500),if(lt(Y,505),160,94-0.06*(Y-500)),38+0.07*Y)':b='if(gte(Y,500),if(lt(Y,505),110,58-0.04*(Y-500)),26+0.04*Y)':a=255"
GLOW="r=255:g=170:b=90:a='215*pow(max(0,1-hypot(X-200,Y-200)/200),2)'"
BODY="r=34:g=76:b=92:a='255*lt(pow((X-110)/105,2)+pow((Y-120)/120,2),1)*lt(Y,150)'"
# the head: hair on top, two eyes and a smile
DARK="(lt(Y,40)*lt(hypot(X-45,Y-44),44)+lt(hypot(X-31,Y-56),3.5)+lt(hypot(X-59,Y-56),3.5)+gt(Y,66)*lt(abs(hypot(X-45,Y-58)-13),1.6))"
HEAD="r='if($DARK,52,224)':g='if($DARK,34,172)':b='if($DARK,30,130)':a='255*lt(hypot(X-45,Y-52),40)+255*lt(Y,40)*lt(hypot(X-45,Y-44),44)'"
RING="r=255:g=240:b=210:a='255*lt(abs(hypot(X-30,Y-30)-24),4)'"
HAND="r=224:g=172:b=130:a='255*lt(hypot(X-14,Y-12),12)'"
SHELVES="drawbox=x=14:y=150:w=92:h=6:color=0x2a1810:t=fill,drawbox=x=254:y=176:w=92:h=6:color=0x2a1810:t=fill,\
drawbox=x=22:y=118:w=18:h=32:color=0xdb2777:t=fill,drawbox=x=46:y=126:w=24:h=24:color=0xf59e0b:t=fill,drawbox=x=76:y=112:w=14:h=38:color=0x0d9488:t=fill,\
drawbox=x=262:y=148:w=26:h=28:color=0x7c3aed:t=fill,drawbox=x=294:y=140:w=16:h=36:color=0xf43f5e:t=fill,drawbox=x=316:y=152:w=24:h=24:color=0x2563eb:t=fill"
DESKTOP="drawbox=x=40:y=452:w=30:h=48:color=0xec4899:t=fill,drawbox=x=46:y=440:w=18:h=12:color=0xfce7f3:t=fill,\
drawbox=x=84:y=466:w=46:h=34:color=0xb45309:t=fill,drawbox=x=84:y=466:w=46:h=6:color=0xfbbf24:t=fill,\
drawbox=x=268:y=470:w=34:h=30:color=0x0f766e:t=fill,drawbox=x=300:y=478:w=10:h=14:color=0x0f766e:t=fill"
# a string of warm bulbs along the top, twinkling in turn
BULBS=""
for i in 0 1 2 3 4 5 6 7; do
  BULBS+="drawbox=x=$((16 + i * 44)):y=$((32 + (i % 2) * 8)):w=9:h=9:color=0xfde68a:t=fill:enable='lt(mod(t+${i}*0.5,2),1.4)',"
done
ffmpeg -hide_banner -loglevel error -y -filter_complex "\
$(still 360x640 "$WALL")[wall];\
$(still 400x400 "$GLOW")[glow];\
$(still 220x150 "$BODY")[body];\
color=c=0xd6a078:s=30x24:r=${FPS}:d=${DUR}[neck];\
$(still 90x96 "$HEAD")[head];\
$(still 60x60 "$RING")[ring];\
$(still 28x28 "$HAND")[hand];\
color=c=0xf472b6:s=22x54:r=${FPS}:d=${DUR}[bottle];color=c=0xfdf2f8:s=12x12:r=${FPS}:d=${DUR}[cap];\
[wall][glow]overlay=x='-20+70*sin(2*PI*t/8)':y=10[w1];\
[w1]drawbox=x=0:y=36:w=360:h=2:color=0x1c120c:t=fill,${SHELVES},${BULBS}null[w2];\
[w2][body]overlay=x=70:y=350[w3];[w3][neck]overlay=x='165+7*sin(2*PI*t/4)*0.4':y=320[w4];\
[w4][head]overlay=x='135+7*sin(2*PI*t/4)':y=244[w5];\
[w5]${DESKTOP}[w6];\
[w6][ring]overlay=x=275:y=40[w7];\
[w7][bottle]overlay=x=236:y='392+14*sin(2*PI*t/2)'[w8];[w8][cap]overlay=x=241:y='380+14*sin(2*PI*t/2)'[w9];\
[w9][hand]overlay=x=233:y='436+14*sin(2*PI*t/2)',vignette=angle=0.45,format=yuv420p[v];\
anoisesrc=color=brown:amplitude=0.03:duration=${DUR}:sample_rate=48000:nb_samples=960[a]" \
  -map "[v]" -map "[a]" -t ${DUR} -c:v libvpx -b:v 110k -auto-alt-ref 0 -c:a libopus -b:a 16k "$OUT"
ls -l "$OUT"
