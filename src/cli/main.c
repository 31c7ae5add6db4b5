/* temporary during bring-up: replaced by the real CLI */
#include <stdio.h>
#include "domcheck.h"
int main(void)
{
  printf("%s\n", dc_version(NULL));
  return 0;
}
